/* split.c: seeded, stratified (and grouped) train/test splits and k-fold assignment. */
#include "split.h"

#include <math.h>
#include <stdlib.h>
#include <radiomix/plugin.h> /* RmxRng */

#include "volume.h" /* RMX_ERROR */

/* A unit is a row, or a group of rows when groups are given. */
typedef struct Units {
  size_t n;          /* number of units */
  size_t *size;      /* rows per unit */
  size_t *row_unit;  /* unit of each row */
  size_t nclass;
  size_t *unit_class;  /* class index of each unit (majority label) */
  size_t *class_rows;  /* rows per class, counted by unit class */
} Units;

static void units_free(Units *u) {
  g_free(u->size);
  g_free(u->row_unit);
  g_free(u->unit_class);
  g_free(u->class_rows);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static gboolean make_units(const double *labels, const char *const *groups, size_t n,
                           const char *what, Units *u, GError **err) {
  *u = (Units){0};
  if (n == 0) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: no rows", what);
    return FALSE;
  }
  for (size_t i = 0; i < n; i++)
    if (!isfinite(labels[i])) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: label #%zu is not a finite number", what, i + 1);
      return FALSE;
    }
  /* Classes: distinct label values, ascending. */
  double *cls = g_memdup2(labels, n * sizeof(double));
  qsort(cls, n, sizeof(double), cmp_double);
  size_t nc = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || cls[i] != cls[nc - 1]) cls[nc++] = cls[i];
  size_t *row_class = g_new(size_t, n);
  for (size_t i = 0; i < n; i++) {
    double *hit = bsearch(&labels[i], cls, nc, sizeof(double), cmp_double);
    row_class[i] = (size_t)(hit - cls);
  }
  u->nclass = nc;
  u->row_unit = g_new(size_t, n);
  if (groups) {
    GHashTable *idx = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < n; i++) {
      if (!groups[i]) {
        g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: group #%zu is missing", what, i + 1);
        g_hash_table_destroy(idx);
        g_free(cls);
        g_free(row_class);
        units_free(u);
        return FALSE;
      }
      gpointer v;
      if (!g_hash_table_lookup_extended(idx, groups[i], NULL, &v)) {
        v = GSIZE_TO_POINTER(g_hash_table_size(idx));
        g_hash_table_insert(idx, (gpointer)groups[i], v);
      }
      u->row_unit[i] = GPOINTER_TO_SIZE(v);
    }
    u->n = g_hash_table_size(idx);
    g_hash_table_destroy(idx);
  } else {
    u->n = n;
    for (size_t i = 0; i < n; i++) u->row_unit[i] = i;
  }
  u->size = g_new0(size_t, u->n);
  size_t *votes = g_new0(size_t, u->n * nc);
  for (size_t i = 0; i < n; i++) {
    u->size[u->row_unit[i]]++;
    votes[u->row_unit[i] * nc + row_class[i]]++;
  }
  u->unit_class = g_new0(size_t, u->n);
  u->class_rows = g_new0(size_t, nc);
  for (size_t g = 0; g < u->n; g++) {
    size_t best = 0;
    for (size_t c = 1; c < nc; c++)
      if (votes[g * nc + c] > votes[g * nc + best]) best = c;
    u->unit_class[g] = best;
    u->class_rows[best] += u->size[g];
  }
  g_free(votes);
  g_free(cls);
  g_free(row_class);
  return TRUE;
}

/* Units of class c in a seeded random order (Fisher-Yates). */
static size_t shuffled_units(const Units *u, size_t c, RmxRng *rng, size_t *out) {
  size_t m = 0;
  for (size_t g = 0; g < u->n; g++)
    if (u->unit_class[g] == c) out[m++] = g;
  for (size_t i = m; i > 1; i--) {
    size_t j = (size_t)rmx_rng_below(rng, i);
    size_t t = out[i - 1];
    out[i - 1] = out[j];
    out[j] = t;
  }
  return m;
}

gboolean rmx_split_stratified(const double *labels, const char *const *groups, size_t n,
                              double test_fraction, uint64_t seed, guint8 *is_test, GError **err) {
  /* As scikit-learn: a fraction in (0, 1), or a whole number of test rows. */
  if (!((test_fraction > 0 && test_fraction < 1) ||
        (test_fraction >= 1 && test_fraction == floor(test_fraction) && test_fraction < (double)n))) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "split: test size must be a fraction in (0, 1) or a whole number of rows below %zu, got %g",
                n, test_fraction);
    return FALSE;
  }
  Units u;
  if (!make_units(labels, groups, n, "split", &u, err)) return FALSE;
  size_t n_test = test_fraction >= 1 ? (size_t)test_fraction : (size_t)ceil(test_fraction * (double)n);
  if (n_test >= n || u.n < 2) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "split: %zu rows in %zu units cannot give both a train and a test part at test size %g",
                n, u.n, test_fraction);
    units_free(&u);
    return FALSE;
  }
  /* Test rows per class: proportional shares, remainders to the largest fractions. */
  size_t *target = g_new0(size_t, u.nclass), given = 0;
  double *frac = g_new(double, u.nclass);
  for (size_t c = 0; c < u.nclass; c++) {
    double share = (double)u.class_rows[c] * (double)n_test / (double)n;
    target[c] = (size_t)floor(share);
    frac[c] = share - (double)target[c];
    given += target[c];
  }
  while (given < n_test) {
    size_t best = 0;
    for (size_t c = 1; c < u.nclass; c++)
      if (frac[c] > frac[best]) best = c;
    target[best]++;
    frac[best] = -1;
    given++;
  }
  RmxRng rng;
  rmx_rng_seed(&rng, seed, 0);
  size_t *order = g_new(size_t, u.n);
  guint8 *unit_test = g_new0(guint8, u.n);
  for (size_t c = 0; c < u.nclass; c++) {
    size_t m = shuffled_units(&u, c, &rng, order), got = 0;
    for (size_t i = 0; i < m; i++) {
      size_t s = u.size[order[i]];
      /* Take the unit when that brings the class closer to its target. */
      if (got + s <= target[c] || (got < target[c] && got + s - target[c] < target[c] - got)) {
        unit_test[order[i]] = 1;
        got += s;
      }
    }
  }
  size_t nt = 0;
  for (size_t i = 0; i < n; i++) nt += is_test[i] = unit_test[u.row_unit[i]];
  g_free(order);
  g_free(unit_test);
  g_free(target);
  g_free(frac);
  units_free(&u);
  if (nt == 0 || nt == n) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID,
                "split: the groups are too large to leave rows on both sides at test size %g", test_fraction);
    return FALSE;
  }
  return TRUE;
}

typedef struct SizedUnit { size_t unit, size, pos; } SizedUnit;

static int by_size_desc(const void *a, const void *b) {
  const SizedUnit *x = a, *y = b;
  if (x->size != y->size) return x->size < y->size ? 1 : -1;
  return (x->pos > y->pos) - (x->pos < y->pos); /* keep the shuffled order */
}

gboolean rmx_kfold_stratified(const double *labels, const char *const *groups, size_t n, size_t k,
                              uint64_t seed, int *fold, GError **err) {
  Units u;
  if (!make_units(labels, groups, n, "kfold", &u, err)) return FALSE;
  if (k < 2 || k > u.n) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "kfold: k must be in 2..%zu (the number of %s), got %zu",
                u.n, groups ? "groups" : "rows", k);
    units_free(&u);
    return FALSE;
  }
  RmxRng rng;
  rmx_rng_seed(&rng, seed, 0);
  size_t *order = g_new(size_t, u.n), *unit_fold = g_new(size_t, u.n);
  size_t *class_count = g_new(size_t, k), *total = g_new0(size_t, k), pos = 0;
  SizedUnit *su = g_new(SizedUnit, u.n);
  for (size_t c = 0; c < u.nclass; c++) {
    size_t m = shuffled_units(&u, c, &rng, order);
    if (!groups) {
      /* Deal rows round robin, continuing across classes, so totals balance too. */
      for (size_t i = 0; i < m; i++) unit_fold[order[i]] = pos++ % k;
      continue;
    }
    /* Groups: largest first, each to the fold with fewest rows of this class. */
    for (size_t i = 0; i < m; i++) su[i] = (SizedUnit){order[i], u.size[order[i]], i};
    qsort(su, m, sizeof *su, by_size_desc);
    for (size_t f = 0; f < k; f++) class_count[f] = 0;
    for (size_t i = 0; i < m; i++) {
      size_t best = 0;
      for (size_t f = 1; f < k; f++)
        if (class_count[f] < class_count[best] ||
            (class_count[f] == class_count[best] && total[f] < total[best]))
          best = f;
      unit_fold[su[i].unit] = best;
      class_count[best] += su[i].size;
      total[best] += su[i].size;
    }
  }
  for (size_t i = 0; i < n; i++) fold[i] = (int)unit_fold[u.row_unit[i]];
  g_free(su);
  g_free(order);
  g_free(unit_fold);
  g_free(class_count);
  g_free(total);
  units_free(&u);
  return TRUE;
}

gboolean rmx_split_from_column(const double *col, size_t n, const char *what, guint8 *is_test,
                               GError **err) {
  size_t nt = 0;
  for (size_t i = 0; i < n; i++) {
    if (col[i] != 0 && col[i] != 1) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: value #%zu is %g; a test flag must be 0 or 1",
                  what, i + 1, col[i]);
      return FALSE;
    }
    nt += is_test[i] = col[i] == 1;
  }
  if (nt == 0 || nt == n) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: every row is on the %s side", what,
                nt ? "test" : "train");
    return FALSE;
  }
  return TRUE;
}

gboolean rmx_folds_from_column(const double *col, size_t n, const char *what, int *fold,
                               size_t *k, GError **err) {
  double *vals = g_new(double, n ? n : 1);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(col[i]) || col[i] != floor(col[i]) || fabs(col[i]) > 1e9) {
      g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: value #%zu is %g; a fold must be an integer",
                  what, i + 1, col[i]);
      g_free(vals);
      return FALSE;
    }
    if (col[i] >= 0) vals[m++] = col[i];
  }
  qsort(vals, m, sizeof(double), cmp_double);
  size_t d = 0;
  for (size_t i = 0; i < m; i++)
    if (i == 0 || vals[i] != vals[d - 1]) vals[d++] = vals[i];
  if (d < 2) {
    g_set_error(err, RMX_ERROR, RMX_ERR_INVALID, "%s: needs at least 2 distinct folds, found %zu", what, d);
    g_free(vals);
    return FALSE;
  }
  for (size_t i = 0; i < n; i++) {
    if (col[i] < 0) { fold[i] = -1; continue; }
    double *hit = bsearch(&col[i], vals, d, sizeof(double), cmp_double);
    fold[i] = (int)(hit - vals);
  }
  *k = d;
  g_free(vals);
  return TRUE;
}
