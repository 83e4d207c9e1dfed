// PolicyAtlas portal: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // A <select data-autosubmit> sends its form when changed (the form still has a button for keyboards).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.requestSubmit(); }
    });
  });
  // On a source page, a link to a record's first line (#L12) highlights all the lines the record came from.
  function focusRecord() {
    document.querySelectorAll(".source-text li.focus").forEach(function (li) { li.classList.remove("focus"); });
    var match = /^#L(\d+)$/.exec(window.location.hash);
    if (!match) { return; }
    var link = document.querySelector('a[href="' + match[0] + '"][data-end]');
    var end = link ? parseInt(link.getAttribute("data-end"), 10) : parseInt(match[1], 10);
    for (var line = parseInt(match[1], 10); line <= end; line++) {
      var item = document.getElementById("L" + line);
      if (item) { item.classList.add("focus"); }
    }
  }
  if (document.querySelector(".source-text")) {
    window.addEventListener("hashchange", focusRecord);
    focusRecord();
  }
})();
