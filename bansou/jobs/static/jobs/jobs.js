// A form that starts a background job disables its button once sent (no second job by a
// second click); the page the server answers with shows the job's progress.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-starts-job")) return;
  // After the browser has taken the clicked button's name and value into the request.
  setTimeout(() => {
    for (const button of form.querySelectorAll("button[type=submit], button:not([type])")) {
      button.disabled = true;
    }
  }, 0);
});
