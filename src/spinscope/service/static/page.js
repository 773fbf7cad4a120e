/* The web page: send the article to /v1/analyze, show the server's rendering of the result
   (/v1/render: the report's own markup, escaped there), offer the JSON for download. The
   filters and definitions are the report's script (report.js). */
(function () {
  "use strict";
  const form = document.getElementById("input");
  const article = document.getElementById("article");
  const kind = document.getElementById("kind");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const analyze = document.getElementById("analyze");
  const download = document.getElementById("download");
  let analysed = null;

  function say(message, failed) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(failed));
  }

  async function load(file) {
    article.value = await file.text();
    kind.value = /\.html?$/i.test(file.name) ? "html" : "text";
    say("read " + file.name + (kind.value === "html" ? " (its article will be extracted)" : ""));
  }

  function problem(answer) {
    const detail = answer && answer.detail;
    if (Array.isArray(detail)) {
      return detail.map(d => d.loc.filter(p => p !== "body").join(".") + ": " + d.msg).join("; ");
    }
    return String(detail || "the server gave no reason");
  }

  async function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body),
    });
  }

  document.getElementById("file").addEventListener("change", function (event) {
    if (event.target.files.length) load(event.target.files[0]);
  });
  document.addEventListener("dragover", function (event) {
    event.preventDefault();
    form.classList.add("dropping");
  });
  document.addEventListener("dragleave", function () { form.classList.remove("dropping"); });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    form.classList.remove("dropping");
    if (event.dataTransfer.files.length) load(event.dataTransfer.files[0]);
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const request = {
      language: document.getElementById("language").value,
      scheme: document.getElementById("scheme").value,
    };
    request[kind.value] = article.value;
    analyze.disabled = true;
    say("analysing…");
    try {
      const answer = await post("/v1/analyze", request);
      const data = await answer.json();
      if (!answer.ok) return say(problem(data), true);
      const rendered = await post("/v1/render", data);
      if (!rendered.ok) return say(problem(await rendered.json()), true);
      result.innerHTML = await rendered.text();  // rendered and escaped by the server
      analysed = data;
      download.disabled = false;
      const count = data.spans.length;
      say(count + " fragment" + (count === 1 ? "" : "s") + " found");
      document.dispatchEvent(new Event("spinscope:rendered"));
    } catch (error) {
      say("no answer from the server (" + error.message + ")", true);
    } finally {
      analyze.disabled = false;
    }
  });

  download.addEventListener("click", function () {
    const blob = new Blob([JSON.stringify(analysed, null, 2) + "\n"], {type: "application/json"});
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "article" + analysed.id + ".json";
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });
})();
