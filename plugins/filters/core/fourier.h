/* fourier.h: complex helpers shared by the Fourier-domain filters (internal). */
#ifndef RMX_FC_FOURIER_H
#define RMX_FC_FOURIER_H

#include <complex.h>
#include "filtercore.h"

/* Riesz multiplier at DFT index k of a grid of size dim (orders along x, y,
** z): (-i)^L sqrt(L!/prod l!) prod c^l / |c|^L, c the
** centred coordinates normalised to [-1, 1]. */
double complex rmx_fc_riesz_factor(const int order[3], const size_t dim[3], const size_t k[3]);

#endif
