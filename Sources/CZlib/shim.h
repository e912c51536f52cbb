#ifndef GRANARY_CZLIB_SHIM_H
#define GRANARY_CZLIB_SHIM_H
#include <zlib.h>
#endif
