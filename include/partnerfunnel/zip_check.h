/* zip_check.h — reads a finished zip archive back before it replaces anything: the proof that a workbook
 * is complete (xlsx_book.c). libxlsxwriter does not check the writes of its temporary files, so a full
 * disk can give an archive whose members are each well stored and yet cut short: the XML parts are
 * checked for completeness too.
 *
 * Owns nothing: reads the file by name, keeps no state. Uses zlib (inflate, crc32).
 */
#ifndef PARTNERFUNNEL_ZIP_CHECK_H
#define PARTNERFUNNEL_ZIP_CHECK_H

#include <stdbool.h>

#include "partnerfunnel/error.h"

/** Checks the archive at path: the central directory is found and consistent, every member's data lies
 *  inside the file, inflates without error to exactly its recorded size with its recorded CRC-32, and
 *  every XML part (.xml, .rels, .vml) is complete (its elements all closed, none left open). Zip64 is
 *  understood. shown is the name errors carry (the final target, not the temporary). *cut is set when the
 *  archive is sound but a part is cut short (a write that failed unseen). Errors: PF_ERROR_IO ("the written
 *  workbook is damaged: ..."), PF_ERROR_MEMORY. */
pf_error zip_check_archive(const char *path, const char *shown, bool *cut, pf_error_context *err);

#endif
