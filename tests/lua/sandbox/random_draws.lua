-- Prints draws; the test runs this with two seeds and compares.
print(string.format("%.17g", math.random()))
print(math.random(6))
print(math.random(10, 20))
print(string.format("%.17g", math.random()))
