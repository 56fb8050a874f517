// Everything is inline in include/CMemoryAccess.h; SwiftPM needs one source file for a C target.
#include "CMemoryAccess.h"
