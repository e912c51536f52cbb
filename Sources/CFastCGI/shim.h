#ifndef GRANARY_CFASTCGI_SHIM_H
#define GRANARY_CFASTCGI_SHIM_H
#include <fcgiapp.h>
#endif
