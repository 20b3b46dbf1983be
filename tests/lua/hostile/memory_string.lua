-- A string doubled again and again must stop at the memory cap.
local s = "x"
while true do
  s = s .. s
end
