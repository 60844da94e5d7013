-- report.lua: the hypoxia study's outputs: Table 2 (CSV and text), selected
-- features (S2), chosen pipelines (S4), predictions, ROC and SHAP figures,
-- report.md and a self-contained report.html (figures inlined as SVG).
local M = {}

-- Table 2 columns: our metric name -> the key radiomix.metrics uses.
M.metrics = {{"roc_auc", "roc_auc"}, {"pr_auc", "pr_auc_ap"}, {"accuracy", "accuracy"},
             {"sensitivity", "sensitivity"}, {"specificity", "specificity"}, {"npv", "npv"},
             {"ppv", "ppv"}, {"f1", "f1"}}

local function fmt(x) return x ~= x and "nan" or string.format("%.6g", x) end

local function csv(path, header, rows)
  local out = {table.concat(header, ",")}
  for _, r in ipairs(rows) do out[#out + 1] = table.concat(r, ",") end
  assert(radiomix.write_file(path, table.concat(out, "\n") .. "\n"))
end

local function safe(s) return (tostring(s):gsub("[,\n]", ";")) end

local function top_shap(shap, n)
  local order = {}
  for _, f in ipairs(shap.features) do
    local s = 0
    for _, v in ipairs(shap.phi[f]) do s = s + math.abs(v) end
    order[#order + 1] = {name = f, mean = s / math.max(1, #shap.phi[f])}
  end
  table.sort(order, function(a, b)
    if a.mean ~= b.mean then return a.mean > b.mean end
    return a.name < b.name
  end)
  local out = {}
  for i = 1, math.min(n, #order) do out[i] = order[i] end
  return out
end

function M.write(dir, R)
  local t2, sel, pipes, preds = {}, {}, {}, {}
  local header = {"sequence", "n_train", "n_test"}
  for _, m in ipairs(M.metrics) do
    header[#header + 1] = m[1]; header[#header + 1] = m[1] .. "_lo"; header[#header + 1] = m[1] .. "_hi"
  end
  header[#header + 1] = "mannwhitney_p"
  header[#header + 1] = "cv_auc"
  local curves = {}
  for _, r in ipairs(R.results) do
    local row = {r.sequence, #r.train, #r.test}
    for _, m in ipairs(M.metrics) do
      local ci = r.ci[m[2]]
      row[#row + 1] = fmt(r.metrics[m[2]]); row[#row + 1] = fmt(ci.low); row[#row + 1] = fmt(ci.high)
    end
    row[#row + 1] = fmt(r.mwu.p)
    row[#row + 1] = fmt(r.search.cv_auc)
    t2[#t2 + 1] = row
    for _, c in ipairs(r.selected) do sel[#sel + 1] = {r.sequence, c.name, c.votes} end
    pipes[#pipes + 1] = {r.sequence, safe(r.search.description), fmt(r.search.cv_auc),
                         fmt(r.search.fitness), #r.search.history - 1, r.search.evaluated}
    for i, id in ipairs(r.ids) do preds[#preds + 1] = {r.sequence, id, r.y[i], string.format("%.17g", r.score[i])} end
    local label = string.format("%s (AUC %.2f)", r.sequence, r.metrics.roc_auc)
    curves[#curves + 1] = {label = label, fpr = r.roc.fpr, tpr = r.roc.tpr}
    assert(radiomix.plot_roc(dir .. "/roc_" .. r.sequence, {title = "ROC, test set: " .. r.sequence,
                                                          curves = {curves[#curves]}}))
    if not r.shap.error then
      local top = top_shap(r.shap, 10)
      local names, phi, values = {}, {}, {}
      for k, t in ipairs(top) do
        names[k] = t.name; phi[k] = r.shap.phi[t.name]; values[k] = r.shap.values[t.name]
      end
      if #names > 0 then
        assert(radiomix.plot_beeswarm(dir .. "/shap_" .. r.sequence, {title = "SHAP, test set: " .. r.sequence,
                                                                      names = names, phi = phi, values = values}))
      end
      r.shap_top = top
    end
  end
  if #curves > 0 then
    assert(radiomix.plot_roc(dir .. "/roc_all", {title = "ROC curves, test sets", curves = curves}))
  end
  csv(dir .. "/table2.csv", header, t2)
  csv(dir .. "/selected_features.csv", {"sequence", "feature", "votes"}, sel)
  csv(dir .. "/pipelines.csv", {"sequence", "pipeline", "cv_auc", "fitness", "generations", "evaluated"}, pipes)
  csv(dir .. "/predictions.csv", {"sequence", "resection", "label", "score"}, preds)
  local fails = {}
  for _, f in ipairs(R.failures) do fails[#fails + 1] = {f.sequence, f.id, safe(f.error)} end
  csv(dir .. "/failures.csv", {"sequence", "case", "error"}, fails)
  local md = M.markdown(R)
  assert(radiomix.write_file(dir .. "/report.md", md))
  assert(radiomix.write_file(dir .. "/report.html", M.html(dir, R, md)))
end

function M.table2_text(results, synthetic)
  local out = {synthetic and "Table 2 (SYNTHETIC cohort): test-set performance per sequence, 95% bootstrap CI\n"
                         or "Table 2: test-set performance per sequence, 95% bootstrap CI\n"}
  out[#out + 1] = string.format("%-8s %-20s %-20s %-20s %-20s %-9s\n", "sequence", "ROC AUC", "PR AUC",
                                "sensitivity", "specificity", "MWU p")
  for _, r in ipairs(results) do
    local function c(k) return string.format("%.2f [%.2f-%.2f]", r.metrics[k], r.ci[k].low, r.ci[k].high) end
    out[#out + 1] = string.format("%-8s %-20s %-20s %-20s %-20s %-9.3g\n", r.sequence, c("roc_auc"),
                                  c("pr_auc_ap"), c("sensitivity"), c("specificity"), r.mwu.p)
  end
  return table.concat(out)
end

function M.markdown(R)
  local L = {}
  local function p(s, ...) L[#L + 1] = string.format(s, ...) end
  p("# Hypoxia in colorectal liver metastases: MRI radiomics report\n")
  if R.synthetic then
    p("> **This cohort is SYNTHETIC.** It imitates the published study's cohort (sizes, lesion")
    p("> diameters, HIF-1 alpha score distribution, sequence availability) but no patient data.")
    p("> Its results say how the pipeline behaves, not how MRI predicts hypoxia.\n")
  end
  p("Manifest: `%s`. Parameters: `%s`. Seed %d. Run time %.0f s.\n", R.manifest, R.params, R.cfg.seed, R.seconds)
  p("Method: per sequence, features of every lesion (one sample per resection: its largest lesion),")
  p("z-scored on the training rows; a stratified %d/%d split with no patient on both sides; an", 
    math.floor(100 * (1 - R.cfg.test_size) + 0.5), math.floor(100 * R.cfg.test_size + 0.5))
  p("ensemble selection on the training rows (7 selectors, top %d each, kept when chosen by at", R.cfg.k)
  p("least %d); a TPOT-like search (5-fold CV ROC AUC with parsimony); the winner refitted on the", R.cfg.min_votes)
  p("training rows and evaluated on the test rows with %d bootstrap resamples.\n", R.cfg.bootstrap)
  p("## Table 2: test-set performance (95%% bootstrap CI)\n")
  local hdr = {"sequence", "n train/test"}
  for _, m in ipairs(M.metrics) do hdr[#hdr + 1] = m[1] end
  hdr[#hdr + 1] = "Mann-Whitney p"
  p("| %s |", table.concat(hdr, " | "))
  p("|%s", string.rep(" --- |", #hdr))
  for _, r in ipairs(R.results) do
    local cells = {r.sequence, #r.train .. "/" .. #r.test}
    for _, m in ipairs(M.metrics) do
      cells[#cells + 1] = string.format("%.2f (%.2f-%.2f)", r.metrics[m[2]], r.ci[m[2]].low, r.ci[m[2]].high)
    end
    cells[#cells + 1] = string.format("%.3g", r.mwu.p)
    p("| %s |", table.concat(cells, " | "))
  end
  p("\n## Chosen pipelines (S4)\n")
  p("| sequence | pipeline | CV ROC AUC | generations | pipelines evaluated |")
  p("| --- | --- | --- | --- | --- |")
  for _, r in ipairs(R.results) do
    p("| %s | `%s` | %.3f | %d | %d |", r.sequence, r.search.description, r.search.cv_auc,
      #r.search.history - 1, r.search.evaluated)
  end
  p("\n## Selected features (S2)\n")
  for _, r in ipairs(R.results) do
    local names = {}
    for _, c in ipairs(r.selected) do names[#names + 1] = string.format("%s (%d)", c.name, c.votes) end
    p("- **%s** (%d of %d features%s): %s", r.sequence, #r.selected, r.n_features,
      r.fallback and "; fewer than 2 reached the vote, the 10 most-voted are used" or "",
      table.concat(names, ", "))
  end
  p("\n## Figures\n")
  if #R.results > 0 then p("![ROC curves](roc_all.png)\n") end
  for _, r in ipairs(R.results) do
    if r.shap_top then p("![SHAP %s](shap_%s.png)\n", r.sequence, r.sequence)
    else p("- %s: no SHAP summary (%s)", r.sequence, r.shap.error or "no features") end
  end
  p("## Timings\n")
  p("| sequence | extraction s | analysis s |")
  p("| --- | --- | --- |")
  for _, t in ipairs(R.timings) do p("| %s | %.1f | %.1f |", t.sequence, t.extract, t.analyse) end
  if #R.failures > 0 then
    p("\n## Failed cases (%d)\n", #R.failures)
    for _, f in ipairs(R.failures) do p("- %s %s: %s", f.sequence, f.id, f.error) end
  end
  return table.concat(L, "\n") .. "\n"
end

local function escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

-- Markdown subset to HTML: headings, tables, lists, quotes, paragraphs; images inlined as SVG.
function M.html(dir, R, md)
  local out = {"<!doctype html><html><head><meta charset=\"utf-8\"><title>radiomix hypoxia report</title>",
               "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}",
               "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #bbb;padding:3px 6px}",
               "blockquote{background:#fff3cd;border-left:4px solid #e0a800;margin:0;padding:.5em 1em}",
               "code{background:#f3f3f3}</style></head><body>"}
  local in_table, in_list = false, false
  local function close()
    if in_table then out[#out + 1] = "</table>"; in_table = false end
    if in_list then out[#out + 1] = "</ul>"; in_list = false end
  end
  for line in md:gmatch("[^\n]*") do
    local h, text = line:match("^(#+) (.*)")
    local img = line:match("^!%[.-%]%((.-)%.png%)")
    if h then close(); out[#out + 1] = string.format("<h%d>%s</h%d>", #h, escape(text), #h)
    elseif img then
      close()
      local svg = radiomix.read_file(dir .. "/" .. img .. ".svg")
      if svg then out[#out + 1] = "<div>" .. svg:gsub("^<%?xml.-%?>", "") .. "</div>" end
    elseif line:match("^|") then
      if line:match("^|%s*%-%-%-") then -- separator row
      else
        if not in_table then close(); out[#out + 1] = "<table>"; in_table = true end
        local cells = {}
        for c in line:gmatch("|%s*([^|]*[^|%s])%s*") do cells[#cells + 1] = "<td>" .. escape(c) .. "</td>" end
        out[#out + 1] = "<tr>" .. table.concat(cells) .. "</tr>"
      end
    elseif line:match("^%- ") then
      if not in_list then close(); out[#out + 1] = "<ul>"; in_list = true end
      out[#out + 1] = "<li>" .. escape(line:sub(3)) .. "</li>"
    elseif line:match("^> ") then close(); out[#out + 1] = "<blockquote>" .. escape(line:sub(3)) .. "</blockquote>"
    elseif line ~= "" then close(); out[#out + 1] = "<p>" .. escape(line) .. "</p>"
    end
  end
  close()
  out[#out + 1] = "</body></html>"
  return table.concat(out, "\n")
end

return M
