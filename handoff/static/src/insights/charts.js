/** The charts (Chart.js, from the npm registry; web/package.json): each has the same numbers in a
 * table next to it, which is what assistive technology reads (the canvas is one labelled image). */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ["#0b57d0", "#a1261b", "#1e6b34", "#7a4b00", "#5b2c83", "#00606b"]; // >= 3:1 on white
const charts = {};

/**
 * Draw (or redraw) the bar chart on canvas ``id``: ``labels`` along the axis, ``series``
 * ``[{label, values}]``; ``stacked`` stacks the series, ``horizontal`` lays the bars down.
 * ``summary`` becomes the canvas's accessible name.
 */
export function barChart(id, { labels, series, stacked = false, horizontal = false, summary }) {
  const canvas = document.getElementById(id);
  canvas.setAttribute("aria-label", summary);
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: series.map((item, index) => ({ label: item.label, data: item.values,
      backgroundColor: COLOURS[index % COLOURS.length] })) },
    options: {
      animation: false, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { display: series.length > 1 } },
      scales: { x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
