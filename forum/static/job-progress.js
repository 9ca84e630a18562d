// Pages with background jobs (the analysis, large reports, the report's news by mail): each running
// job's progress bar, kept up to date from its JSON status; when it is done, the analysis opens its
// themes, a report offers its file (or the preview it was built for: data-done-url) and the news shows what was
// sent; a first build's failed job says why on its page, with its link back to the report page. (One click, one run:
// app.js disables a form[data-busy]'s button while the form is sent.)
(function () {
  "use strict";
  function follow(panel) {
    var bar = panel.querySelector("progress");
    var stage = panel.querySelector("[role=status]");
    var backLink = panel.dataset.jobKind === "report" && document.querySelector("a[data-report-page-link]");
    if (!panel.dataset.jobKind) {  // the analysis: its run button waits for the running job
      var runButton = document.querySelector("form[data-busy] button[type=submit]");
      if (runButton) {
        runButton.disabled = true;
      }
    }

    function poll() {
      fetch(panel.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          bar.value = job.progress;
          bar.textContent = job.progress + "%";
          if (stage.textContent !== job.stage) {  // the same words written again would be read out again, every second
            stage.textContent = job.stage;
          }
          if (job.status === "done" && job.next && panel.dataset.jobKind === "report") {
            var link = document.createElement("a");
            link.href = panel.dataset.doneUrl || job.next;  // a preview's page offers the preview, not the file
            link.className = "button";
            link.textContent = panel.dataset.downloadLabel;
            stage.replaceChildren(link);
          } else if (job.status === "done" && panel.dataset.jobKind === "news") {
            remember(panel.dataset.jobUrl);
            window.location.reload();  // the page says how many were told and who is still waiting
          } else if (job.status === "done" && job.next) {
            window.location.assign(job.next);
          } else if (job.status === "failed" && backLink) {
            // the page a first build opened (report_building.html): reloaded, its address would answer that the
            // build failed, but a page read from the top; the failure is said here, its link back to the report
            // page moved into it
            var failure = document.createElement("p");
            failure.className = "error-box";
            failure.setAttribute("role", "alert");
            failure.append(job.message + " ");
            backLink.parentNode.remove();
            failure.append(backLink);
            panel.replaceWith(failure);
          } else if (job.status === "failed") {
            remember(panel.dataset.jobUrl);
            window.location.reload();  // the page shows the failure and enables the button again
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });  // a dropped connection: keep trying
    }
    window.setTimeout(poll, 500);
  }

  // A job followed to its end reloads the page, whose top a screen reader would read again, the focus nowhere:
  // its outcome on the reloaded page ("Sent to 3 people.", or why it failed), marked data-job-result with the
  // job's status address, takes the focus, so it is read out once and the keyboard goes on from there.
  var DONE_KEY = "forum-job-followed";

  function remember(jobUrl) {
    try { window.sessionStorage.setItem(DONE_KEY, jobUrl); } catch (e) { /* storage blocked: the page as before */ }
  }

  function showOutcome() {
    var jobUrl;
    try {
      jobUrl = window.sessionStorage.getItem(DONE_KEY);
      window.sessionStorage.removeItem(DONE_KEY);
    } catch (e) { return; }
    if (!jobUrl) { return; }
    var outcome = Array.prototype.find.call(document.querySelectorAll("[data-job-result]"), function (element) {
      return element.dataset.jobResult === jobUrl;
    });
    if (!outcome) { return; }
    // Once the page has loaded: until then Chromium's scroll to the address's anchor clears the focus.
    window.addEventListener("load", function () {
      window.requestAnimationFrame(function () {
        if (document.activeElement !== document.body) { return; }  // the user already moved on
        outcome.tabIndex = -1;
        outcome.focus({preventScroll: true});
        outcome.scrollIntoView({block: "nearest"});
      });
    });
  }

  showOutcome();
  document.querySelectorAll("[data-job-url]").forEach(follow);
})();
