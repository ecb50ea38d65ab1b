// Sortable tables: a header button sorts its column; works offline, no library needed.
(function () {
  function sortTable(table, column, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator("fi", { numeric: true, sensitivity: "base" });
    rows.sort(function (a, b) {
      var x = a.cells[column] ? a.cells[column].textContent.trim() : "";
      var y = b.cells[column] ? b.cells[column].textContent.trim() : "";
      return ascending ? collator.compare(x, y) : collator.compare(y, x);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(header.parentNode.children, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function setUp() {
    document.querySelectorAll("table.refarch-sortable").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length) { return; }
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
        var label = header.textContent;
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.setAttribute("aria-label", "Järjestä sarakkeen " + label + " mukaan");
        button.style.cssText = "all: inherit; cursor: pointer;";
        header.textContent = "";
        header.appendChild(button);
        button.addEventListener("click", function () { sortTable(table, column, header); });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else { document.addEventListener("DOMContentLoaded", setUp); }
})();
