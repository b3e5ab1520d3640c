// The menu button of narrow screens: the menu starts closed once this script runs (without it
// the menu simply stays open), and the button opens and closes it.
document.addEventListener("DOMContentLoaded", () => {
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".menu-button");
  if (!button) return;
  header.classList.add("js-menu", "menu-closed");
  button.addEventListener("click", () => {
    const open = header.classList.toggle("menu-closed") === false;
    button.setAttribute("aria-expanded", String(open));
  });
});
