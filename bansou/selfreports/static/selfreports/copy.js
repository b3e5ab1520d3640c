// "Copy" buttons next to a report link: copy the address of the input named by data-copy.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  input.select();
  if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(() => {
      button.textContent = button.dataset.copied;
    });
  }
});
