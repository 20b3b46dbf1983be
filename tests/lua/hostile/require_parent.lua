local secret = require("../secret")
