#pragma once
// Descriptors 0, 1 and 2 are never left closed. A program started with one of them closed
// (`tgperf ping >&-`, a careless supervisor) would otherwise hand that number to its first socket
// or eventfd, and the report meant for stdout would be written into the emulator's listening socket.
// Called first thing in main, before anything opens a descriptor; each closed one is opened on
// /dev/null, as coreutils and daemons do.

namespace tgperf {

// Returns false if a closed one could not be opened (no /dev/null): the caller stops, since the
// program's own descriptors would land on 0-2.
bool open_closed_standard_descriptors();

}  // namespace tgperf
