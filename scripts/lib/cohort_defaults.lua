-- cohort_defaults.lua: every parameter of the synthetic hypoxia cohort, in one
-- table (docs/cohort.md explains each). The cohort is SYNTHETIC: it imitates
-- the shape of the published study's cohort, not its patients.
return {
  seed = 2023,
  -- Cohort shape (study: 112 patients, 116 resections, 142 lesions).
  patients = 112,
  twice_resected = 4,          -- patients with two resections
  lesions = 142,               -- 1 or 2 per resection
  -- Lesion diameter (cm): median 2.1, IQR 1.7-3.3, matched by quantiles.
  diameter = {median = 2.1, q1 = 1.7, q3 = 3.3, min = 0.8, max = 8.0},
  -- HIF-1 alpha staining index 0..6 (an approximation of Table 1; high = 3..6 = 53%).
  hif_score_probs = {[0] = 0.08, 0.17, 0.22, 0.19, 0.15, 0.11, 0.08},
  high_from = 3,
  hypoxia_jitter = 0.4,        -- lesion-level spread of the latent hypoxia around score/6
  necrosis_max = 0.35,         -- necrotic core from other causes: uniform 0..max of the radius
  -- Sequence availability per resection (study's rates).
  availability = {TE75 = 0.79, TE300 = 0.73, b0 = 0.86, b10 = 0.97, b200 = 0.85, b800 = 1.00, ADC = 0.95},
  sequences = {
    {name = "TE75", kind = "t2w", te = 75, spacing = {1, 1, 5}, noise = 12, scale = 1000},
    {name = "TE300", kind = "t2w", te = 300, spacing = {1, 1, 5}, noise = 6, scale = 1000},
    {name = "b0", kind = "dwi", te = 60, b = 0, spacing = {1.75, 1.75, 5}, noise = 12, scale = 1000},
    {name = "b10", kind = "dwi", te = 60, b = 10, spacing = {1.75, 1.75, 5}, noise = 12, scale = 1000},
    {name = "b200", kind = "dwi", te = 60, b = 200, spacing = {1.75, 1.75, 5}, noise = 12, scale = 1000},
    {name = "b800", kind = "dwi", te = 60, b = 800, spacing = {1.75, 1.75, 5}, noise = 12, scale = 1000},
  },
  adc = {from = {"b0", "b10", "b200", "b800"}, b_values = {0, 10, 200, 800}},
  -- Tissue maps: proton density (a.u.), T2 (ms), D and D* (mm^2/s), perfusion fraction f.
  tissue = {
    liver = {pd = 1.0, t2 = 45, d = 1.1e-3, f = 0.25, dstar = 0.06},
    lesion = {pd = 1.1, t2 = 85, d = 1.2e-3, f = 0.14, dstar = 0.03},
    necrosis = {pd = 1.2, t2 = 200, d = 2.2e-3, f = 0.02, dstar = 0.02},
  },
  -- How latent hypoxia h in [0, 1] alters a lesion (docs/cohort.md).
  effect = {core0 = 0.05, core_h = 0.1, rim_d_h = 0.12, f_h = 0.5,
            texture0 = 0.05, texture_h = 0.05, core_t2_h = 0.05},
  texture_scale_mm = 8,
  mask_radius_sd = 0.04,       -- re-segmentation: relative jitter of each radius
  mask_shift_sd = 0.7,         -- re-segmentation: jitter of the centre, mm
  margin_mm = 20,              -- liver around the lesions in the cropped field of view
  quick = {patients = 36, twice_resected = 2, lesions = 44},
}
