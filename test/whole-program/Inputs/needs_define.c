#ifndef FORKSAFE_TEST_CONFIGURED
#error this unit needs -DFORKSAFE_TEST_CONFIGURED
#endif
int configured(void) { return 1; }
