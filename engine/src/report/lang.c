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
    /* Monte Carlo (fan.c, fan_js.c) */
    {"Monte Carlo of <b>", "蒙特卡洛模拟（情景 <b>"},
    {"</b>: ", "</b>）："},
    {" draws, ", "次抽样，"},
    {" failed (left out), from <code>", "次失败（已剔除），来自 <code>"},
    {"; ", "；"},
    {". Fan charts: the median, the 25&ndash;75 % and 5&ndash;95 % bands of the draws, and "
     "the targets.",
     "。扇形图：抽样结果的中位数、25&ndash;75 %和5&ndash;95 %分位数区间，以及目标值。"},
    {"Share of the draws at or above the target (failed draws left out). Exact where the file "
     "keeps the variable's draws; otherwise the quantiles in the file bracket it "
     "(<i>25&ndash;50 %</i>).",
     "达到或超过目标值的抽样所占比例（失败的抽样不计入）。文件保存了该变量的各次抽样时为精确值；"
     "否则以文件中的分位数给出其所在区间（<i>25&ndash;50 %</i>）。"},
    {" draws", "次抽样"},
    {"not in this run", "不在此次模拟的范围内"},
    {"growth, ", "增长率，"},
    {"fan chart of ", "扇形图，情景 "},
    {"5-95 %", "5-95 %区间"},
    {"25-75 %", "25-75 %区间"},
    {"median", "中位数"},
    {"<br>median: ", "<br>中位数："},
    {"target", "目标"},
    {"<br>target: ", "<br>目标："},
    /* the charts' toolbox (blob.c, fan_js.c, analysis.c) */
    {"Numbers", "数据"},
    {"Close", "关闭"},
    {"Refresh", "刷新"},
    {"Save as PNG", "保存为PNG图片"},
    /* attribution and tornado (analysis.c) */
    {"Waterfalls: the step from the base's growth to the alternative's in the first period, "
     "split into each group's exact share (Shapley values: every ordering of the groups "
     "weighted alike, so interactions are shared fairly and the steps add up). Tornado bars: "
     "the output with each input at its low and high value, the others unchanged, as a "
     "difference from the base.",
     "瀑布图：首期从基准情景增长率到备选情景增长率的变化，分解为各组的精确贡献（Shapley值：各组的每种排列顺序权重相同，"
     "交互作用得到公平分摊，各步之和等于总变化）。龙卷风图：每个输入分别取低值和高值、其他输入不变时，"
     "输出与基准之差。"},
    {"Attribution: <code>", "贡献分解：<code>"},
    {"</code> against <code>", "</code> 对比 <code>"},
    {"</code> <span class=\"muted\">(", "</code> <span class=\"muted\">（"},
    {"exact", "精确"},
    {"sampled", "抽样估计的"},
    {" Shapley values, from ", "Shapley值，来自 "},
    {")</span></h3>", "）</span></h3>"},
    {"The attribution holds none of the charted variables.",
     "贡献分解文件不含任何绘图变量。"},
    {"growth of <code>", "<code>"},
    {"</code>, pp", "</code> 增长率，百分点"},
    {"total", "合计"},
    {"Sensitivity of <code>", "敏感性：<code>"},
    {"</code> in ", "</code>，"},
    {" <span class=\"muted\">(tornado, from ", " <span class=\"muted\">（龙卷风图，来自 "},
    {"alternative", "备选情景"},
    {": growth in ", "：增长率，"},
    {", % and pp", "，%和百分点"},
    {"from the base to the alternative, by group", "从基准情景到备选情景，按组分解"},
    {"increase", "增加"},
    {"decrease", "减少"},
    {"base / alternative", "基准 / 备选情景"},
    {" in ", "，"},
    {": sensitivity", "：敏感性"},
    {"difference from the base (", "与基准之差 ("},
    {"at low", "取低值时"},
    {"at high", "取高值时"},
    /* blob.c's chart words ("level", "target", the toolbox: above) */
    {"difference from ", "与以下情景之差："},
    {"% difference from ", "与以下情景之差（%）："},
    {"growth over the previous period", "比上期增长率"},
    {"projection", "预测期"},
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

void ps_report_script_tr(ps_sb *sb, const ps_report_ctx *x, const char *js,
                         const char *const *words) {
    if (x->opts->lang != PS_LANG_ZH) {
        ps_sb_puts(sb, js);
        return;
    }
    /* Copy js, replacing each listed single-quoted literal by its
    ** translation.  The scripts keep to plain ES5 without escapes in their
    ** strings, so a literal ends at the next quote; a // comment (which may
    ** hold an apostrophe) runs to the end of its line. */
    const char *p = js;
    for (;;) {
        size_t plain = strcspn(p, "'/");
        ps_sb_printf(sb, "%.*s", (int)plain, p);
        p += plain;
        if (!*p) return;
        if (*p == '/') {
            size_t n = p[1] == '/' ? strcspn(p, "\n") : 1;
            ps_sb_printf(sb, "%.*s", (int)n, p);
            p += n;
            continue;
        }
        const char *lit = p + 1, *e = strchr(lit, '\'');
        if (!e) {
            ps_sb_puts(sb, p);
            return;
        }
        size_t n = (size_t)(e - lit);
        const char *out = NULL;
        for (int i = 0; words[i] && !out; i++)
            if (strlen(words[i]) == n && !memcmp(words[i], lit, n)) out = ps_report_tr(x, words[i]);
        if (out) ps_sb_printf(sb, "'%s'", out);
        else ps_sb_printf(sb, "'%.*s'", (int)n, lit);
        p = e + 1;
    }
}
