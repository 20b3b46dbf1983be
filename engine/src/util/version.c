/* The version of the library actually loaded (polsim/version.h). */
#include "polsim/version.h"

const char *ps_version(void) { return PS_VERSION_STRING; }
