/* fuzz_csv.c — libFuzzer target: cross-check extracts. Any bytes are
 * refused cleanly or read as records whose lines only grow, and each row
 * is then mapped and checked as a bank and as a property extract. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/crosscheck.h"
#include "store/csvfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rows(const store_csv *csv, core_xc_source src)
{
	core_xc_header hd;
	if (core_xc_header_map(src, csv->records[0].fields, csv->records[0].n,
	                       &hd, NULL))
		return;
	for (size_t i = 1; i < csv->n_records; i++) {
		core_xc_row row;
		(void)core_xc_row_parse(src, &hd, csv->records[i].fields,
		                        csv->records[i].n,
		                        core_date_from_ymd(2026, 11, 27), &row, NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	store_csv csv;
	ds_error err;
	if (store_csv_parse(data, size, "fuzz.csv", &csv, &err) != DS_OK)
		return 0;
	for (size_t i = 0; i < csv.n_records; i++) {
		if (csv.records[i].line < 1 ||
		    (i && csv.records[i].line <= csv.records[i - 1].line))
			abort();
		for (size_t k = 0; k < csv.records[i].n; k++)
			(void)strlen(csv.records[i].fields[k]);
	}
	rows(&csv, CORE_XC_BANK);
	rows(&csv, CORE_XC_PROPERTY);
	store_csv_free(&csv);
	return 0;
}
