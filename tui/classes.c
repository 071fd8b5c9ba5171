/* classes.c — the counts by class of the ladder in words and as JSON
 * (classes.h). */
#include "tui/classes.h"

#include "tui/i18n.h"
#include "tui/labels.h"

void classes_totals(const store_class_count n[CORE_CLASS_COUNT + 1],
                    int64_t *households, int64_t *people)
{
	*households = *people = 0;
	for (int i = 0; i <= CORE_CLASS_COUNT; i++) {
		*households += n[i].households;
		*people += n[i].people;
	}
}

void classes_print(FILE *f, const store_class_count n[CORE_CLASS_COUNT + 1],
                   bool totals)
{
	if (totals) {
		int64_t hh, people;
		classes_totals(n, &hh, &people);
		fprintf(f, _("Households: %lld, people: %lld\n"), (long long)hh,
		        (long long)people);
	}
	/* L10N: heads the counts of households and people in each class
	 * of the ladder of assistance */
	fprintf(f, "%s\n", _("By class of the latest assessment:"));
	for (int i = 0; i <= CORE_CLASS_COUNT; i++) {
		if (i == CORE_CLASS_DIBAO_SINGLE)
			/* L10N: 单人保: the households' members, and those of
			 * them covered alone */
			fprintf(f, _("  %s: households %lld, people %lld, covered alone %lld\n"),
			        label_class(i), (long long)n[i].households,
			        (long long)n[i].people, (long long)n[i].covered);
		else
			fprintf(f, _("  %s: households %lld, people %lld\n"),
			        label_class(i), (long long)n[i].households,
			        (long long)n[i].people);
	}
}

json_t *classes_json(const store_class_count n[CORE_CLASS_COUNT + 1])
{
	json_t *a = json_array();
	for (int i = 0; a && i <= CORE_CLASS_COUNT; i++) {
		json_t *o = json_pack("{s:o, s:I, s:I, s:I}", "class",
		                      i < CORE_CLASS_COUNT
		                              ? json_string(core_class_id((core_class)i))
		                              : json_null(),
		                      "households", (json_int_t)n[i].households,
		                      "people", (json_int_t)n[i].people,
		                      "covered_alone", (json_int_t)n[i].covered);
		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}
