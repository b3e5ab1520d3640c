// Draws every <canvas data-chart="ID"> with Chart.js from the JSON in <script id="ID">
// (json_script: no inline script, so the CSP holds), on load and after each htmx swap.
(function () {
  "use strict";

  // A dashed line across the value axis (100 % on the section rates), with its label.
  const reference = {
    id: "reference",
    afterDatasetsDraw(chart, _args, options) {
      if (options.value === null || options.value === undefined) return;
      const horizontal = chart.options.indexAxis === "y";
      const scale = horizontal ? chart.scales.x : chart.scales.y;
      const at = scale.getPixelForValue(options.value);
      const area = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#333";
      ctx.fillStyle = "#333";
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(at, area.top);
        ctx.lineTo(at, area.bottom);
      } else {
        ctx.moveTo(area.left, at);
        ctx.lineTo(area.right, at);
      }
      ctx.stroke();
      if (options.label) {
        ctx.setLineDash([]);
        ctx.font = "11px sans-serif";
        ctx.textAlign = horizontal ? "center" : "left";
        ctx.fillText(options.label, horizontal ? at : area.left + 4, horizontal ? area.top - 4 : at - 4);
      }
      ctx.restore();
    },
  };

  function draw(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      const source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      const config = JSON.parse(source.textContent);
      const box = canvas.parentElement;
      if (box.classList.contains("chart-horizontal")) {
        // One bar per row: the box grows with the rows (CSSOM, allowed by the CSP).
        const legend = config.data.datasets.length > 1 ? 60 : 0;
        box.style.height = 70 + legend + 30 * Number(box.dataset.rows || 1) + "px";
      }
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      config.options.animation = false;
      config.plugins = [reference];
      canvas.dataset.drawn = "yes";
      new Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
