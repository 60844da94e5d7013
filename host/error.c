/* error.c: the host's GError domain. */
#include "volume.h"

GQuark rmx_error_quark(void) { return g_quark_from_static_string("radiomix-error-quark"); }
