/* rollfile.c — the payment roll's files (being written: CSV, JSON, XLSX). */
#include "store/payroll.h"

ds_status store_roll_csv(const store_roll *r, FILE *out,
                         store_roll_encoding enc, store_tr_fn tr,
                         ds_error *err)
{
	(void)r, (void)out, (void)enc, (void)tr;
	return ds_fail(err, DS_EUSAGE, "csv", N_("is not built yet"));
}

ds_status store_roll_json(const store_roll *r, FILE *out, ds_error *err)
{
	(void)r, (void)out;
	return ds_fail(err, DS_EUSAGE, "json", N_("is not built yet"));
}

ds_status store_roll_xlsx(const store_roll *r, const char *path,
                          store_tr_fn tr, ds_error *err)
{
	(void)r, (void)path, (void)tr;
	return ds_fail(err, DS_EUSAGE, "xlsx", N_("is not built yet"));
}
