return { where = "sub" }
