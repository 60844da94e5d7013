/* main.c: the radiomix command line (placeholder until the CLI lands). */
#include <stdio.h>
#include <radiomix/version.h>
int main(void) { puts("radiomix " RMX_VERSION_STRING); return 0; }
