// Does not compile.
void broken(void) { undeclared_function_call(; }
