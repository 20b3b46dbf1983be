/*
** Report module: the script of the fan charts (fan.c writes their data into
** the element #polsim-mc).  Plain ES5 like page.c's script, which runs
** first and owns window.polsimReport; keep lines free of backslashes and
** double quotes (JavaScript inside a C string).
**
** A band is two stacked line series: the lower quantile drawn invisibly,
** then the width of the band as a filled area on top of it.
*/
#include "report/report_int.h"

#include <stddef.h>

/* The literals of the script a Chinese page shows translated (lang.c). */
const char *const ps_report_fan_words[] = {
    "5-95 %", "25-75 %", "median", "target", "growth, ", "fan chart of ", "<br>median: ",
    "<br>target: ", "Numbers", "Close", "Refresh", "Save as PNG", NULL};

const char ps_report_fan_js[] =
    "'use strict';\n"
    "(function () {\n"
    "  var el = document.getElementById('polsim-mc'), report = window.polsimReport;\n"
    "  if (!el || !report || typeof echarts === 'undefined') return;\n"
    "  var data = JSON.parse(el.textContent);\n"
    "  var blue = '#08519c', red = '#c00000';\n"
    "\n"
    "  var fmt = report.fmt;\n"
    "  function width(lo, hi) {\n"
    "    return hi.map(function (h, i) { return h === null || lo[i] === null ? null : h - lo[i]; });\n"
    "  }\n"
    "  function band(name, stack, values, colour, fill) {\n"
    "    return { name: name, type: 'line', stack: stack, stackStrategy: 'all', data: values, symbol: 'none',\n"
    "             color: colour, lineStyle: { opacity: 0 }, silent: true,\n"
    "             areaStyle: fill ? { color: fill } : undefined };\n"
    "  }\n"
    "\n"
    "  function option(f) {\n"
    "    var q = f.q, hasTarget = f.target.some(function (x) { return x !== null; });\n"
    "    var names = ['5-95 %', '25-75 %', 'median'].concat(hasTarget ? ['target'] : []);\n"
    "    var o = {\n"
    "      animation: false,\n"
    "      textStyle: { fontFamily: window.polsimReport.fonts },\n"
    "      title: { text: f.name + ': ' + (f.kind === 'growth' ? 'growth, ' : '') + 'fan chart of ' + f.scenario,\n"
    "               subtext: f.description, left: 8, top: 4,\n"
    "               textStyle: { fontSize: 13, fontWeight: 600 }, subtextStyle: { fontSize: 11 } },\n"
    "      tooltip: { trigger: 'axis', formatter: function (ps) {\n"
    "        var i = ps[0].dataIndex, t = f.target[i];\n"
    "        return f.periods[i] + '<br>95 %: ' + fmt(q['95'][i]) + '<br>75 %: ' + fmt(q['75'][i]) +\n"
    "          '<br>median: ' + fmt(q['50'][i]) + '<br>25 %: ' + fmt(q['25'][i]) + '<br>5 %: ' +\n"
    "          fmt(q['5'][i]) + (t === null ? '' : '<br>target: ' + fmt(t));\n"
    "      } },\n"
    "      legend: { data: names, bottom: 2, itemWidth: 18, itemHeight: 10, textStyle: { fontSize: 11 } },\n"
    "      grid: { left: 12, right: 20, top: 74, bottom: 46, containLabel: true },\n"
    "      toolbox: { right: 8, top: 2, feature: {\n"
    "        dataView: { readOnly: true, title: 'Numbers', lang: ['Numbers', 'Close', 'Refresh'] },\n"
    "        saveAsImage: { name: f.name + '_' + f.kind + '_fan', title: 'Save as PNG', pixelRatio: 2,\n"
    "                       backgroundColor: '#ffffff' }\n"
    "      } },\n"
    "      xAxis: { type: 'category', data: f.periods, boundaryGap: false },\n"
    "      yAxis: { type: 'value', name: f.unit, scale: true, nameTextStyle: { align: 'left' } },\n"
    "      series: [\n"
    "        band('5 %', 'outer', q['5'], '#c6dbef'),\n"
    "        band('5-95 %', 'outer', width(q['5'], q['95']), '#9ecae1', 'rgba(8, 81, 156, 0.16)'),\n"
    "        band('25 %', 'inner', q['25'], '#6baed6'),\n"
    "        band('25-75 %', 'inner', width(q['25'], q['75']), '#4292c6', 'rgba(8, 81, 156, 0.34)'),\n"
    "        { name: 'median', type: 'line', data: q['50'], color: blue, lineStyle: { width: 2.5 },\n"
    "          symbolSize: 5, z: 4 }\n"
    "      ]\n"
    "    };\n"
    "    if (hasTarget)\n"
    "      o.series.push({ name: 'target', type: 'line', data: f.target, color: red, symbol: 'diamond',\n"
    "                      symbolSize: 13, connectNulls: true, lineStyle: { type: 'dashed', width: 1.5 },\n"
    "                      z: 5 });\n"
    "    return o;\n"
    "  }\n"
    "\n"
    "  data.fans.forEach(function (f, i) {\n"
    "    var id = 'fan-' + i, box = document.getElementById(id);\n"
    "    if (!box) return;\n"
    "    try {\n"
    "      var chart = echarts.init(box, null, { renderer: 'canvas' });\n"
    "      chart.setOption(option(f));\n"
    "      report.charts.push({ id: id, variable: f.name, kind: 'fan-' + f.kind, chart: chart });\n"
    "    } catch (e) {\n"
    "      report.errors.push('Fan chart ' + id + ' (' + f.name + ') failed: ' + e.message);\n"
    "    }\n"
    "  });\n"
    "})();\n";
