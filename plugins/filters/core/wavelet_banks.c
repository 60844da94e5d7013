/* wavelet_banks.c: decomposition filters of the orthogonal wavelets.
** Each table is the decomposition low-pass filter dec_lo (the reversed
** scaling filter h_k of Daubechies, "Ten Lectures on Wavelets", 1992,
** tables 6.1-6.3 and 8.1, normalised to sum sqrt(2)). db1, db2 and coif1
** are computed from their closed forms; the others are transcribed to 17
** significant digits from PyWavelets' pre-1.0 tables (accurate to ~1e-12;
** PyWavelets >= 1.0 uses 60-digit values, so results differ at that level). The high-pass
** filter follows from the quadrature-mirror relation
** dec_hi[i] = (-1)^(i+1) dec_lo[F-1-i]. */
#include <strings.h>
#include "filtercore.h"

static const double db1[] = {0.70710678118654757, 0.70710678118654757};
/* db2 from its closed form (1+-sqrt3)/(4 sqrt2), (3+-sqrt3)/(4 sqrt2) */
static const double db2[] = {-0.12940952255126037, 0.2241438680420134, 0.8365163037378079,
                             0.48296291314453416};
static const double db3[] = {0.035226291882100656, -0.085441273882241486, -0.13501102001039084,
                             0.45987750211933132, 0.80689150931333875, 0.33267055295095688};
static const double db4[] = {-0.010597401784997278, 0.032883011666982945, 0.030841381835986965,
                             -0.18703481171888114, -0.027983769416983849, 0.63088076792959036,
                             0.71484657055254153, 0.23037781330885523};
static const double db5[] = {0.0033357252850015492, -0.012580751999015526, -0.0062414902130117052,
                             0.077571493840065148, -0.03224486958502952, -0.24229488706619015,
                             0.13842814590110342, 0.72430852843857441, 0.60382926979747287,
                             0.16010239797412501};
static const double db6[] = {-0.0010773010849955799, 0.0047772575110106514, 0.0005538422009938016,
                             -0.031582039318031156, 0.027522865530016288, 0.097501605587079362,
                             -0.12976686756709563, -0.22626469396516913, 0.3152503517092432,
                             0.75113390802157753, 0.49462389039838539, 0.11154074335008017};
static const double db7[] = {0.00035371380000103988, -0.0018016407039998328, 0.00042957797300470274,
                             0.012550998556013784, -0.01657454163101562, -0.038029936935034633,
                             0.080612609151065898, 0.071309219267050042, -0.22403618499416572,
                             -0.14390600392910627, 0.4697822874053586, 0.72913209084655506,
                             0.39653931948230575, 0.077852054085062364};
static const double db8[] = {-0.00011747678400228192, 0.00067544940599855677, -0.00039174037299597711,
                             -0.0048703529930106603, 0.0087460940470156547, 0.013981027917015516,
                             -0.044088253931064719, -0.017369301002022108, 0.12874742662018601,
                             0.00047248457399797254, -0.28401554296242809, -0.015829105256023893,
                             0.58535468365486909, 0.67563073629801285, 0.31287159091446592,
                             0.054415842243081609};
/* coif1 from its closed form sqrt2/32 (sqrt7-3, 1-sqrt7, 14-2sqrt7,
** 14+2sqrt7, 5+sqrt7, 1-sqrt7), correctly rounded: PyWavelets >= 1.0
** agrees to the last bit (the older 17-digit table is off by 1e-12). */
static const double coif1[] = {-0.015655728135791993, -0.07273261951252645, 0.3848648468648577,
                               0.8525720202116004, 0.33789766245748176, -0.07273261951252645};
static const double coif2[] = {-0.00072054944536451221, -0.0018232088707029932, 0.0056114348193944995,
                               0.023680171946334084, -0.059434418646456898, -0.076488599078306393,
                               0.41700518442169254, 0.81272363544554227, 0.38611006682116222,
                               -0.067372554721963018, -0.041464936781759151, 0.016387336463522112};
static const double coif3[] = {-3.4599772836212559e-005, -7.0983303138141252e-005,
                               0.00046621696011288631, 0.0011175187708906016, -0.0025745176887502236,
                               -0.0090079761366615805, 0.015880544863615904, 0.034555027573061628,
                               -0.082301927106885983, -0.071799821619312018, 0.42848347637761874,
                               0.79377722262562056, 0.4051769024096169, -0.061123390002672869,
                               -0.0657719112818555, 0.023452696141836267, 0.0077825964273254182,
                               -0.0037935128644910141};

#define B(n) {#n, (int)(sizeof n / sizeof n[0]), n, NULL}
static const RmxWavelet banks[] = {
  {"haar", 2, db1, NULL}, B(db1), B(db2), B(db3), B(db4), B(db5), B(db6), B(db7), B(db8),
  B(coif1), B(coif2), B(coif3),
};
#undef B
#define N_BANKS (sizeof banks / sizeof banks[0])

const RmxWavelet *rmx_fc_wavelet_find(const char *name) {
  if (!name) return NULL;
  for (size_t b = 0; b < N_BANKS; b++)
    if (strcasecmp(name, banks[b].name) == 0) return &banks[b];
  return NULL;
}

void rmx_fc_wavelet_hi(const RmxWavelet *w, double *hi) {
  int F = w->len;
  for (int i = 0; i < F; i++)
    hi[i] = w->dec_hi ? w->dec_hi[i] : ((i + 1) % 2 ? -1.0 : 1.0) * w->dec_lo[F - 1 - i];
}

/* Kept by hand in step with banks[] (the parameter spec needs a constant). */
const char *rmx_fc_wavelet_names(void) {
  return "haar|db1|db2|db3|db4|db5|db6|db7|db8|coif1|coif2|coif3";
}
