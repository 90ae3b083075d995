// The staff page's two buttons: copy the notice draft, print the record. Text is read with
// textContent; nothing is written into the page as HTML.
"use strict";
(function () {
  document.querySelectorAll("button.copy").forEach((button) => {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const done = button.parentElement.querySelector(".copied");
      try {
        await navigator.clipboard.writeText(source.textContent);
        if (done) done.textContent = "コピーしました";
      } catch (e) {
        // No clipboard permission (plain http): select the text so Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (done) done.textContent = "選択しました。Ctrl+C（⌘+C）でコピーしてください";
      }
    });
  });
  document.querySelectorAll("button.print").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
})();
