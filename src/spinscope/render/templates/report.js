/* The report's behaviour, shared by the report file and the web page: category and
   confidence filters, and the definition of a clicked fragment. The listeners sit on the
   document, so articles rendered after the page loaded (the web page) work the same. */
(function () {
  "use strict";
  function refresh() {
    const threshold = document.getElementById("threshold");
    if (!threshold) return;
    const shown = new Set(Array.from(document.querySelectorAll("input.filter:checked"), i => i.value));
    const least = parseFloat(threshold.value);
    document.getElementById("threshold-value").textContent = least.toFixed(2);
    for (const mark of document.querySelectorAll("mark.m")) {
      const visible = shown.has(mark.dataset.category) && parseFloat(mark.dataset.score) >= least;
      mark.classList.toggle("off", !visible);
    }
  }
  function show(mark) {
    for (const other of document.querySelectorAll("mark.selected")) other.classList.remove("selected");
    const article = mark.closest("article");
    for (const part of article.querySelectorAll('mark[data-span="' + mark.dataset.span + '"]')) part.classList.add("selected");
    const definitions = JSON.parse(document.getElementById("definitions").textContent);
    const about = definitions[mark.dataset.technique] || {category: mark.dataset.category, definition: ""};
    const details = document.getElementById("details");
    details.replaceChildren();
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = mark.dataset.technique + " (" + about.category + ")";
    const score = document.createElement("div");
    score.textContent = "confidence " + mark.dataset.score;
    const text = document.createElement("div");
    text.textContent = about.definition;
    details.append(name, score, text);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("input.filter")) refresh();
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "threshold") refresh();
  });
  document.addEventListener("click", function (event) {
    // the innermost fragment that is shown, under nested marks
    const mark = event.target.closest("mark.m:not(.off)");
    if (mark) show(mark);
  });
  document.addEventListener("spinscope:rendered", refresh);
  refresh();
})();
