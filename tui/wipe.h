/* wipe.h — forgetting personal data in the interface's memory: blocks
 * wiped before they are freed, every jansson value wiped when it goes, the
 * stack below the loop and curses' key queue wiped at the idle lock. */
#ifndef TUI_WIPE_H
#define TUI_WIPE_H

#include <stddef.h>

#include "core/household.h"

/* From now on every allocation jansson frees (any json_t, any string it
 * built) is wiped first; free() still frees what json_dumps returns. */
void wipe_json_install(void);

/* Wipes the whole of a malloc'd block (all malloc_usable_size bytes: a
 * string's tail after its NUL may hold older text), then frees it. NULL
 * is fine. */
void wipe_free(void *p);

/* Frees a household's members and vehicles, wiped (core_household_free
 * wipes them), and wipes its address and region; h stays, empty. */
void wipe_household(core_household *h);

/* Wipes the stack below the caller, where the functions it called kept
 * names, ID numbers and lines drawn (call it from a shallow frame). */
void wipe_stack(void);

/* Wipes curses' queue of keys not yet read (the typed search, a
 * passphrase), after discarding what is in it. */
void wipe_keys(void);

#endif
