-- A model path that leads nowhere: the error lists every place looked in.
polsim.model("models/../../secret")
