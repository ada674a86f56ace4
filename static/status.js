// Progressive enhancement for the participants table: a filter box and sortable columns.
// The page is complete without it; this only adds controls.
(function () {
  "use strict";
  var table = document.getElementById("participants-table");
  var script = document.currentScript;
  if (!table || !script) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  var label = document.createElement("label");
  label.className = "table-filter";
  label.textContent = script.dataset.filterLabel + " ";
  var input = document.createElement("input");
  input.type = "search";
  input.setAttribute("aria-controls", table.id);
  label.appendChild(input);
  table.parentNode.parentNode.insertBefore(label, table.parentNode);
  input.addEventListener("input", function () {
    var q = input.value.trim().toLocaleLowerCase();
    rows.forEach(function (row) {
      row.hidden = q !== "" && row.textContent.toLocaleLowerCase().indexOf(q) === -1;
    });
  });

  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    button.title = script.dataset.sortLabel + ": " + th.textContent;
    // Chromium does not paint a form control's text in a table header repeated on each
    // printed sheet: print shows this plain copy instead of the button (style.css).
    var printed = document.createElement("span");
    printed.className = "sort-printed";
    printed.setAttribute("aria-hidden", "true");
    printed.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.appendChild(printed);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) { return row.cells[column].dataset.sort || ""; };
      var numeric = column === 0;
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        // Empty dates sort last whichever way.
        if (!numeric && (x === "" || y === "")) return x === y ? 0 : x === "" ? 1 : -1;
        var c = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
