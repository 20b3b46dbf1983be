/*
** Report module: the page in Chinese (--lang zh).  The page's English texts
** are looked up here; one table keeps every translation together, so a
** reviewer reads them side by side.  Variable labels and units come from the
** model (label zh, unit zh, carried by result files), never from here.
*/
#include "report/report_int.h"

#include <string.h>

static const char *const zh[][2] = {
    {"scenarios", "情景"},
    {"Model", "模型"},
    {"SHA-256 of the model file", "模型文件的SHA-256"},
    {"scenario", "个情景"},
    {"base", "基准"},
    {"periods", "期间"},
    {"projection from", "预测起始"},
    {"Scenarios", "情景"},
    {"Assumptions", "假设"},
    {"Targets", "目标"},
    {"Charts", "图表"},
    {"Warning: ", "警告："},
    {"Scenario", "情景"},
    {"Solved", "求解期间"},
    {"File", "文件"},
    {"Provenance", "来源"},
    {"Newton iterations", "牛顿迭代次数"},
    {"Max residual", "最大残差"},
    {"none", "无"},
    {"Inputs (exogenous series and add-factors) in which each scenario differs from the "
     "base, read off the results; parameters and settings given to the run are under "
     "Provenance above.",
     "各情景与基准不同的输入（外生变量和调整项），取自结果文件；运行时给定的参数和设置见上方“来源”。"},
    {"Levers of the base, ", "基准情景的政策工具："},
    {"Lever", "政策工具"},
    {"Description", "说明"},
    {"Input", "输入"},
    {"Periods", "期间"},
    {"Base", "基准"},
    {"Change", "变化"},
    {"lever", "政策工具"},
    {"add-factor", "调整项"},
    {"level", "水平"},
    {"against", "对比"},
    {"No input differs from the base.", "与基准相比没有不同的输入。"},
    {"One scenario only: nothing to compare it with.", "只有一个情景：无可比较。"},
    {"Target", "目标"},
    {"Variable", "变量"},
    {"Period", "期间"},
    {"From", "来自"},
    {"Growth targets and projections are percent growth over the previous period; the gap "
     "is projection minus target, in percentage points (for level targets, in the "
     "variable's unit): each cell reads projection gap. A negative gap falls short of the "
     "target.",
     "增长目标和预测值为比上期增长的百分比；差距为预测值减目标值，以百分点计（水平目标以变量的单位计）：每格为“预测值 差距”。差距为负即未达目标。"},
    {"Levels over history and projection (shaded, from ", "历史与预测期水平（阴影为预测期，自"},
    {"), ", "起），"},
    {"differences from the base over the projection, ", "预测期与基准之差，"},
    {"growth over the previous period. Hover for values; click a legend entry to hide a "
     "scenario; the buttons at the top right of each chart show its numbers or save it as "
     "a PNG image.",
     "比上期增长率。悬停查看数值；点击图例可隐藏情景；每张图右上角的按钮可查看数据或保存为PNG图片。"},
    {"Differences from the base: ", "与基准之差："},
    {"in the variable's unit", "按变量的单位"},
    {"in percent of the base", "按基准的百分比"},
    {"No variable to chart.", "没有可绘制的变量。"},
    {"Uncertainty", "不确定性"},
    {"Probability of meeting each target", "实现各目标的概率"},
    {"Fan charts", "扇形图"},
    {"Attribution and sensitivity", "贡献分解与敏感性"},
};

const char *ps_report_tr(const ps_report_ctx *x, const char *en) {
    if (x->opts->lang != PS_LANG_ZH) return en;
    for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
        if (strcmp(zh[i][0], en) == 0) return zh[i][1];
    return en;
}

const char *ps_report_label(const ps_report_ctx *x, int v) {
    const ps_compare *c = x->c;
    return x->opts->lang == PS_LANG_ZH && c->labels_zh[v][0] ? c->labels_zh[v]
                                                              : c->descriptions[v];
}

const char *ps_report_unit(const ps_report_ctx *x, int v) {
    const ps_compare *c = x->c;
    return x->opts->lang == PS_LANG_ZH && c->units_zh[v][0] ? c->units_zh[v] : c->units[v];
}

const char *ps_report_rlabel(const ps_report_ctx *x, const ps_result *r, int col) {
    return ps_result_label(r, col, x->opts->lang);
}

const char *ps_report_runit(const ps_report_ctx *x, const ps_result *r, int col) {
    return ps_result_unit(r, col, x->opts->lang);
}
