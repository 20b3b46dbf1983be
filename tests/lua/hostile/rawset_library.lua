rawset(math, "pi", 3)
