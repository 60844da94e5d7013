/*
** radiomix/version.h: SDK and ABI versions.
** The host loads a plugin only when its ABI major equals RMX_ABI_MAJOR and
** its ABI minor is not newer than the host's.
*/
#ifndef RADIOMIX_VERSION_H
#define RADIOMIX_VERSION_H

#define RMX_ABI_MAJOR 1 /* bump: incompatible change */
#define RMX_ABI_MINOR 1 /* bump: members appended to a struct */

#define RMX_VERSION_STRING "0.1.0"

#endif
