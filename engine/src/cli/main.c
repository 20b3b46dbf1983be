#include <stdio.h>
int main(void) { puts("polsim (under construction)"); return 0; }
