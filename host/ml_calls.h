/* ml_calls.h: validated calls of selectors and classifiers, ranking, the ensemble vote and sampling SHAP. */
#ifndef RMX_HOST_ML_CALLS_H
#define RMX_HOST_ML_CALLS_H

#include <glib.h>
#include <radiomix/plugin.h>
#include "params.h"
#include "registry.h"

/*
** Each wrapper checks the component kind and shapes, validates params
** against the component's spec (strict, defaults filled: hence non-const)
** where it is the first call on them, runs the call and reports a failure
** as one GError line "<component>: <message>".
*/
gboolean rmx_call_fit(const RmxComponent *c, RmxParams *params, const RmxMatrix *X,
                      const double *y, const double *sample_weight, void **model, GError **err);
/* P(y=1) per row; checks every output is within [0, 1]. */
gboolean rmx_call_predict(const RmxComponent *c, const RmxParams *params, const void *model,
                          const RmxMatrix *X, double *proba, GError **err);
/* The decision() member when present, else predict(). */
gboolean rmx_call_decision(const RmxComponent *c, const RmxParams *params, const void *model,
                           const RmxMatrix *X, double *score, GError **err);
/* Appends the saved model to bytes. */
gboolean rmx_call_save(const RmxComponent *c, const RmxParams *params, const void *model,
                       GByteArray *bytes, GError **err);
gboolean rmx_call_load(const RmxComponent *c, const RmxParams *params, const void *data,
                       size_t len, void **model, GError **err);
void rmx_call_model_free(const RmxComponent *c, void *model);

/*
** Shapley values: phi is rows x (cols + 1), column-major, the last column
** the base value. With the classifier's shap() member unless 'sampling'
** is set or the member is absent; then the model-agnostic estimator below
** (needs a background).
*/
gboolean rmx_call_shap(const RmxComponent *c, const RmxParams *params, const void *model,
                       const RmxMatrix *X, const RmxMatrix *background, gboolean sampling,
                       size_t n_permutations, uint64_t seed, double *phi, GError **err);

/*
** Permutation-sampling Shapley estimate of P(y=1) (interventional value
** function): for each of n_permutations random orders (antithetic pairs: an
** order and its reverse share a background row), a random background row b
** is turned into x one feature at a time and the change of the prediction
** credited to that feature. Seeded; the result does
** not depend on the thread count. base = mean prediction over the background.
*/
gboolean rmx_shap_sampling(const RmxComponent *c, const RmxParams *params, const void *model,
                           const RmxMatrix *X, const RmxMatrix *background,
                           size_t n_permutations, uint64_t seed, double *phi, GError **err);

/* Selector scores (p) and a ranking (p column indices, best first): the
 * selector's own for RMX_SELECTOR_RANKS, else rmx_rank_scores. */
gboolean rmx_call_score(const RmxComponent *c, RmxParams *params, const RmxMatrix *X,
                        const double *y, double *scores, size_t *ranking, GError **err);
/* Columns by descending score, ties by lower index, NaN last. */
void rmx_rank_scores(const double *scores, size_t p, size_t *ranking);
/* The top-k rule: the first k of ranking whose score is neither NaN nor 0
 * (for ranking selectors every column qualifies). Returns the count <= k. */
size_t rmx_top_k(const double *scores, const size_t *ranking, size_t p, size_t k,
                 gboolean ranks_only, size_t *out);

/* Ensemble vote: votes[j] = selectors whose top k holds column j;
 * selected[j] = votes[j] >= min_votes. Each selector's top list is
 * returned in tops (n_sel arrays of k, owned by the caller) when not NULL. */
typedef struct RmxVoteSpec {
  const RmxComponent *selector;
  RmxParams *params;
} RmxVoteSpec;
gboolean rmx_ensemble_vote(const RmxVoteSpec *sel, size_t n_sel, const RmxMatrix *X,
                           const double *y, size_t k, size_t min_votes, int *votes,
                           gboolean *selected, size_t **tops, size_t *top_len, GError **err);

#endif
