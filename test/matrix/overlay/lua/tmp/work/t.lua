local f = assert(io.open("/tmp/work/a.txt", "w"))
for i = 1, 100 do f:write(string.format("line %d\n", i)) end
f:close()
local n, sum = 0, 0
for l in io.lines("/tmp/work/a.txt") do
	n = n + 1
	sum = sum + tonumber(l:match("%d+"))
end
print("lines", n, "sum", sum)
print("rename", os.rename("/tmp/work/a.txt", "/tmp/work/b.txt"))
print("old gone", io.open("/tmp/work/a.txt") == nil)
local g = assert(io.open("/tmp/work/b.txt", "a+"))
g:write("tail\n")
g:seek("set", 0)
print("first", g:read("l"))
g:close()
print("remove", os.remove("/tmp/work/b.txt"))
print("remove again", os.remove("/tmp/work/b.txt"))
print("missing", io.open("/etc/shadow"))
