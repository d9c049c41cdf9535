// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Drag-and-drop onto the upload area: hand the dropped files to the form's file input
  // and submit it, so the same form and the same server code handle both ways in.
  function initDropZone(zone) {
    var input = zone.querySelector("input[type=file]");
    var form = zone.closest("form");
    if (!input || !form) return;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      form.requestSubmit();
    });
  }

  // "Select all" checkbox for bulk actions.
  function initSelectAll(box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name=applications]").forEach(function (each) {
        each.checked = box.checked;
      });
    });
  }

  function init(root) {
    root.querySelectorAll("[data-dropzone]").forEach(initDropZone);
    root.querySelectorAll("[data-select-all]").forEach(initSelectAll);
  }

  // An upload refused (400: the form; 413: too large, too many files) answers with the
  // reason: show it where the batch would have appeared. htmx drops 4xx bodies by default.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-reset-after]");
    var status = event.detail.xhr.status;
    if (form && (status === 400 || status === 413)) {
      event.detail.shouldSwap = true;
    }
  });

  // Clear an upload form once its files are on their way, ready for the next batch.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-reset-after]");
    if (form && event.detail.successful) form.reset();
  });

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
