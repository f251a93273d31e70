// Cairo's image, PNG, SVG and PDF surfaces, for the plotting module.
#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#endif
