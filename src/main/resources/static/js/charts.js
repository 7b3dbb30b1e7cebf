// Draws every chart on the page with Apache ECharts (the echarts webjar, loaded before this file).
// A page marks a container with data-chart="line" or "bar" and puts the numbers in
// data-chart-data as JSON: {"labels": [...], "currency": "USD",
// "series": [{"name": "Balance", "values": [12.5, ...]}]} (values in major units; currency may be
// left out for plain numbers). See templates/charts.html and org.okpay.web.Chart. No inline
// script anywhere: the Content-Security-Policy refuses them. Loaded with defer.
"use strict";

(function () {
  if (typeof window.echarts === "undefined") {
    return; // the library did not load: the tables under the charts still hold the numbers
  }

  var PALETTE = ["#0a5bd3", "#e8710a", "#137333", "#8430ce", "#b42318"];
  var lang = document.documentElement.lang || "en";
  var charts = [];

  function moneyFormat(currency) {
    if (!currency) {
      return new Intl.NumberFormat(lang);
    }
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: currency });
    } catch (unknownCurrency) {
      return new Intl.NumberFormat(lang);
    }
  }

  // Axis labels stay short on a phone: 12K, 1.2万.
  var compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });

  function seriesOf(type, data) {
    return data.series.map(function (s) {
      var one = { name: s.name, type: type, data: s.values };
      if (type === "line") {
        one.showSymbol = false;
        one.symbolSize = 6;
        one.lineStyle = { width: 2 };
        one.areaStyle = { opacity: 0.12 };
      } else {
        one.barMaxWidth = 18;
      }
      return one;
    });
  }

  function draw(container) {
    var data = JSON.parse(container.getAttribute("data-chart-data"));
    var type = container.getAttribute("data-chart") === "bar" ? "bar" : "line";
    var money = moneyFormat(data.currency);
    var font = window.getComputedStyle(document.body).fontFamily;
    var chart = window.echarts.init(container, null, { renderer: "canvas" });
    var legend = data.series.length > 1;
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: font },
      grid: { left: 4, right: 12, top: legend ? 34 : 12, bottom: 4, containLabel: true },
      legend: legend ? { top: 0, left: 0, itemWidth: 14, itemHeight: 10 } : { show: false },
      tooltip: {
        trigger: "axis",
        confine: true,
        valueFormatter: function (value) { return money.format(value); }
      },
      xAxis: {
        type: "category",
        data: data.labels,
        boundaryGap: type === "bar",
        axisTick: { show: false },
        axisLabel: { hideOverlap: true, color: "#5b6675" }
      },
      yAxis: {
        type: "value",
        splitNumber: 4,
        axisLabel: {
          color: "#5b6675",
          formatter: function (value) { return compact.format(value); }
        }
      },
      series: seriesOf(type, data)
    });
    container.setAttribute("data-chart-drawn", "true");
    charts.push(chart);
  }

  document.querySelectorAll("[data-chart]").forEach(function (container) {
    try {
      draw(container);
    } catch (broken) {
      container.setAttribute("data-chart-error", String(broken));
    }
  });

  // Phones turn and windows change size: each chart takes its container's new width.
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      charts.forEach(function (chart) { chart.resize(); });
    }, 100);
  });
})();
