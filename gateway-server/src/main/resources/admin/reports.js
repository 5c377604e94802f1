/*
 * The reports page at /admin/: signs in with an admin token (kept in sessionStorage: closing the tab signs
 * out), reads /api/reports/* for the chosen range and draws each report with uPlot (served from the jar's
 * WebJar at /admin/uplot.js). Each chart's element gets data-series and data-points: how many series and
 * points it drew, for the browser test and anyone inspecting the page.
 */
(function () {
  "use strict";
  var TOKEN_KEY = "switchboard.admin.token";
  var COLOURS = ["#2456c7", "#c7562a", "#2a9d5c", "#8e44ad", "#b8860b", "#17a2b8"];
  var token = null;
  var charts = {};

  function $(id) { return document.getElementById(id); }

  function api(path) {
    return fetch(path, { headers: { "Authorization": "Bearer " + token, "Accept": "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) {
            var e = new Error(body.message || ("HTTP " + r.status));
            e.status = r.status;
            throw e;
          }
          return body;
        });
      });
  }

  function range() {
    return "from=" + $("range-from").value + "&to=" + nextDay($("range-to").value);
  }

  function nextDay(iso) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().substring(0, 10);
  }

  function width(el) { return Math.max(320, el.clientWidth || 560); }

  /** Draws (or redraws) a chart and records what it drew on its element. */
  function draw(id, opts, data) {
    var el = $(id);
    if (charts[id]) { charts[id].destroy(); }
    el.textContent = "";
    opts.width = width(el);
    opts.height = 260;
    var points = 0, series = 0;
    for (var s = 1; s < data.length; s++) {
      var n = data[s].filter(function (v) { return v !== null && v !== undefined; }).length;
      points += n;
      if (n > 0) { series++; }
    }
    el.setAttribute("data-series", String(series));
    el.setAttribute("data-points", String(points));
    if (data[0].length === 0) {
      el.textContent = "No conversations in this range.";
      return;
    }
    charts[id] = new uPlot(opts, data, el);
  }

  function categories(labels) {
    return { show: true, values: function (u, splits) { return splits.map(function (i) { return labels[i] || ""; }); },
      splits: function () { return labels.map(function (l, i) { return i; }); } };
  }

  function bars() { return uPlot.paths.bars({ size: [0.6, 60] }); }

  function slaPerTierAndDay(tiers) {
    return Promise.all(tiers.map(function (t) {
      return api("/api/reports/sla?groupBy=day&tier=" + encodeURIComponent(t) + "&" + range());
    })).then(function (answers) {
      var days = {};
      answers.forEach(function (a) { a.rows.forEach(function (r) { days[r.group] = true; }); });
      var xs = Object.keys(days).sort();
      var data = [xs.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; })];
      var series = [{}];
      answers.forEach(function (a, i) {
        var byDay = {};
        a.rows.forEach(function (r) { byDay[r.group] = r.firstWithinSla; });
        data.push(xs.map(function (d) { var v = byDay[d]; return v === null || v === undefined ? null : Math.round(v * 1000) / 10; }));
        series.push({ label: tiers[i], stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: true, size: 7 },
          value: function (u, v) { return v === null ? "–" : v + " %"; } });
      });
      draw("chart-sla", { series: series, scales: { y: { range: [0, 100] } },
        axes: [{}, { values: function (u, vs) { return vs.map(function (v) { return v + " %"; }); } }] }, data);
    });
  }

  function firstResponseAndLoad(tierRows, agentRows) {
    var tiers = tierRows.map(function (r) { return r.group; });
    var minutes = function (s) { return s === null || s === undefined ? null : Math.round(s / 6) / 10; };
    draw("chart-frt", {
      scales: { x: { time: false, range: [-0.5, tiers.length - 0.5] } },
      axes: [categories(tiers), {}],
      series: [{}, { label: "median", fill: "#2456c7", stroke: "#2456c7", paths: bars(), points: { show: false } },
        { label: "90th percentile", fill: "#c7562a99", stroke: "#c7562a", paths: bars(), points: { show: false } }]
    }, [tiers.map(function (t, i) { return i; }),
      tierRows.map(function (r) { return minutes(r.firstResponseMedianSeconds); }),
      tierRows.map(function (r) { return minutes(r.firstResponseP90Seconds); })]);

    var agents = agentRows.map(function (r) { return r.group; });
    draw("chart-load", {
      scales: { x: { time: false, range: [-0.5, agents.length - 0.5] } },
      axes: [categories(agents), {}],
      series: [{}, { label: "conversations", fill: "#2a9d5c", stroke: "#2a9d5c", paths: bars(), points: { show: false } }]
    }, [agents.map(function (a, i) { return i; }), agentRows.map(function (r) { return r.conversations; })]);
    var legend = $("load-legend");
    legend.textContent = "";
    agentRows.forEach(function (r) {
      var li = document.createElement("li");
      var median = r.resolutionMedianSeconds === null ? "–" : Math.round(r.resolutionMedianSeconds / 60) + " min";
      li.textContent = r.group + ": " + r.conversations + " conversations, median resolution " + median;
      legend.appendChild(li);
    });
  }

  function csat(answer) {
    var scores = [1, 2, 3, 4, 5];
    draw("chart-csat", {
      scales: { x: { time: false, range: [0.5, 5.5] } },
      axes: [categories(["", "1", "2", "3", "4", "5"]), {}],
      series: [{}, { label: "answers", fill: "#e0a100", stroke: "#b07e00", paths: bars(), points: { show: false } }]
    }, [scores, scores.map(function (n) { return answer.distribution[String(n)] || 0; })]);
    $("csat-summary").textContent = answer.count === 0 ? "No answers in this range."
      : answer.count + " answers, mean score " + answer.mean + " of 5";
  }

  var SCORE_COLOURS = ["#b3261e", "#e07b39", "#d9b310", "#7cb342", "#2a9d5c"];

  /**
   * CSAT per agent beside their load: every agent of the load report (conversations opened in the range) and
   * of the CSAT report (answers given in the range), so an agent whose customers gave no score is shown
   * with none. Stacked bars of the 1-5 counts (cumulative series drawn tallest first, so each score's colour
   * shows its own share) and the mean as points on a 0-5 scale.
   */
  function csatPerAgent(agentRows, csatRows) {
    var byAgent = {};
    csatRows.forEach(function (r) { byAgent[r.group] = r; });
    var names = {};
    agentRows.forEach(function (r) { names[r.group] = true; });
    csatRows.forEach(function (r) { names[r.group] = true; });
    var agents = Object.keys(names).sort();
    var counts = function (a, score) { var r = byAgent[a]; return r ? r["score" + score] : 0; };
    var data = [agents.map(function (a, i) { return i; })];
    var series = [{}];
    for (var top = 5; top >= 1; top--) {
      (function (score) {
        data.push(agents.map(function (a) {
          var sum = 0;
          for (var k = 1; k <= score; k++) { sum += counts(a, k); }
          return byAgent[a] ? sum : null;
        }));
        series.push({ label: "score " + score, fill: SCORE_COLOURS[score - 1], stroke: SCORE_COLOURS[score - 1],
          paths: bars(), points: { show: false },
          value: function (u, v, si, i) { return i === null || i === undefined ? "–" : String(counts(agents[i], score)); } });
      })(top);
    }
    data.push(agents.map(function (a) { var r = byAgent[a]; return r ? r.mean : null; }));
    series.push({ label: "mean", scale: "mean", stroke: "#1d2430", paths: function () { return null; },
      points: { show: true, size: 9, fill: "#1d2430" } });
    draw("chart-csat-agents", {
      scales: { x: { time: false, range: [-0.5, agents.length - 0.5] }, mean: { range: [0, 5] } },
      axes: [categories(agents), { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
        { scale: "mean", side: 1, grid: { show: false } }],
      series: series
    }, data);
    var legend = $("csat-agents-legend");
    legend.textContent = "";
    if (agents.length === 0 || csatRows.length === 0) {
      var none = document.createElement("li");
      none.textContent = "No answers in this range.";
      legend.appendChild(none);
    }
    agents.forEach(function (a) {
      var r = byAgent[a];
      var li = document.createElement("li");
      li.setAttribute("data-agent", a);
      li.setAttribute("data-count", r ? String(r.count) : "0");
      li.setAttribute("data-mean", r ? String(r.mean) : "");
      li.setAttribute("data-scores", [1, 2, 3, 4, 5].map(function (n) { return counts(a, n); }).join(","));
      li.textContent = a + ": " + (r ? r.count + (r.count === 1 ? " answer" : " answers") + ", mean " + r.mean
        + " (" + [1, 2, 3, 4, 5].filter(function (n) { return counts(a, n) > 0; })
          .map(function (n) { return counts(a, n) + "×" + n; }).join(", ") + ")" : "no answers");
      legend.appendChild(li);
    });
  }

  function staffing(answer) {
    var hours = answer.hours;
    var days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    draw("chart-staffing", {
      scales: { x: { time: false } },
      axes: [{ values: function (u, vs) { return vs.map(function (h) { return days[Math.floor(h / 24) % 7] + " " + (h % 24) + "h"; }); } }, {}],
      series: [{ value: function (u, h) { return h === null ? "" : days[Math.floor(h / 24) % 7] + " " + (h % 24) + ":00"; } },
        { label: "needed", stroke: "#b3261e", width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
        { label: "present", stroke: "#2456c7", fill: "#2456c722", width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } }]
    }, [hours.map(function (h) { return h.hourOfWeek; }),
      hours.map(function (h) { return h.agentsNeededTotal; }),
      hours.map(function (h) { return Math.round(h.agentsPresent * 100) / 100; })]);
  }

  function load() {
    $("status").textContent = "Loading…";
    $("csv-sla").href = "/api/reports/sla?groupBy=tier&" + range();
    return Promise.all([api("/api/reports/sla?groupBy=tier&" + range()), api("/api/reports/sla?groupBy=agent&" + range()),
      api("/api/reports/staffing?" + range()), api("/api/reports/csat?groupBy=channel&" + range()),
      api("/api/reports/csat?groupBy=agent&" + range())])
      .then(function (a) {
        firstResponseAndLoad(a[0].rows, a[1].rows);
        staffing(a[2]);
        csat(a[3]);
        csatPerAgent(a[1].rows, a[4].rows);
        return slaPerTierAndDay(a[0].rows.map(function (r) { return r.group; }));
      })
      .then(function () { $("status").textContent = "Reports from " + $("range-from").value + " to " + $("range-to").value + " (UTC days)."; })
      .catch(function (e) {
        if (e.status === 401 || e.status === 403) { signOut("That token is not an admin token."); return; }
        $("status").textContent = "Could not load the reports: " + e.message;
      });
  }

  function show() {
    $("login").hidden = true;
    $("reports").hidden = false;
    $("range-form").hidden = false;
    load();
  }

  function signOut(message) {
    token = null;
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ }
    $("reports").hidden = true;
    $("range-form").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("login-token").focus();
  }

  $("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    token = $("login-token").value.trim();
    $("login-token").value = "";
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (err) { /* private mode */ }
    show();
  });
  $("range-form").addEventListener("submit", function (e) { e.preventDefault(); load(); });
  $("sign-out").addEventListener("click", function () { signOut(""); });
  $("csv-sla").addEventListener("click", function (e) {
    // A download needs the token in a header, which a plain link cannot send.
    e.preventDefault();
    fetch($("csv-sla").href, { headers: { "Authorization": "Bearer " + token, "Accept": "text/csv" } })
      .then(function (r) { return r.blob(); })
      .then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "sla-by-tier.csv";
        a.click();
      });
  });

  var today = new Date();
  var from = new Date(today.getTime() - 29 * 86400000);
  $("range-to").value = today.toISOString().substring(0, 10);
  $("range-from").value = from.toISOString().substring(0, 10);
  var saved = null;
  try { saved = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* ignore */ }
  if (saved) { token = saved; show(); } else { $("login-token").focus(); }
})();
