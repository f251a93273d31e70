// zlib, to read the gzip-compressed data files the project ships.
#include <zlib.h>
