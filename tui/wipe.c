/* wipe.c — wiping personal data out of the interface's memory (wipe.h). */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/wipe.h"

#include <curses.h>
#include <jansson.h>
#include <malloc.h>
#include <sodium.h>
#include <stdlib.h>

static void json_wipe_free(void *p)
{
	wipe_free(p);
}

void wipe_json_install(void)
{
	json_set_alloc_funcs(malloc, json_wipe_free);
}

void wipe_free(void *p)
{
	if (!p)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

void wipe_household(core_household *h)
{
	if (!h)
		return;
	core_household_free(h); /* wipes the members and vehicles */
	sodium_memzero(h->address, sizeof(h->address));
	sodium_memzero(h->region, sizeof(h->region));
	sodium_memzero(&h->township, sizeof(h->township));
	sodium_memzero(&h->village, sizeof(h->village));
	sodium_memzero(&h->payee, sizeof(h->payee));
}

/* Deeper than anything the screens, the store or jansson put on the stack
 * between two keys (lines of 2 KiB, a few households' fields). */
#define STACK_WIPE (256 * 1024)

__attribute__((noinline)) void wipe_stack(void)
{
	unsigned char below[STACK_WIPE];
	sodium_memzero(below, sizeof(below));
	/* the array is used: the wipe is not optimised away */
	__asm__ __volatile__("" : : "r"(below) : "memory");
}

void wipe_keys(void)
{
	/* curses keeps each key it read in a ring; filling the ring with
	 * zeros overwrites every slot, and flushinp empties it again */
	flushinp();
	while (ungetch(0) != ERR)
		;
	flushinp();
}
