// The earnings page's charts (docs/web.md): Chart.js draws the per-period stack and claimed vs
// unclaimed from the JSON the server put in data-chart. The table under the chart has the same
// numbers, so the page is whole without script.
(function () {
  "use strict";
  var canvas = document.getElementById("earnings-chart");
  var status = document.getElementById("chart-status");
  if (!canvas) { return; }
  if (typeof window.Chart !== "function") {
    if (status) { status.textContent = "The chart could not load; the table below has the same numbers."; }
    return;
  }
  var data = JSON.parse(canvas.getAttribute("data-chart"));
  var css = getComputedStyle(document.documentElement);
  var color = function (name) { return css.getPropertyValue(name).trim(); };
  var text = color("--text"), line = color("--line");
  var axes = { x: { stacked: true, ticks: { color: text }, grid: { color: line } },
               y: { stacked: true, ticks: { color: text }, grid: { color: line }, beginAtZero: true } };
  var legend = { labels: { color: text } };
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [
      { label: "Engagement", data: data.engagement, backgroundColor: color("--accent") },
      { label: "Trends", data: data.trend, backgroundColor: color("--repost") },
      { label: "Tips", data: data.tips, backgroundColor: color("--like") }
    ] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: axes, plugins: { legend: legend } }
  });
  var claimed = document.getElementById("claimed-chart");
  if (claimed) {
    new window.Chart(claimed, {
      type: "bar",
      data: { labels: ["Claimed", "Unclaimed"], datasets: [
        { label: "Tokens", data: [data.claimed, data.unclaimed], backgroundColor: [color("--repost"), color("--muted")] }
      ] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { x: { ticks: { color: text }, grid: { color: line }, beginAtZero: true }, y: { ticks: { color: text } } },
                 plugins: { legend: { display: false } } }
    });
  }
  if (status) { status.hidden = true; }
})();
