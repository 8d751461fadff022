-- richards: Martin Richards' operating-system task scheduler simulation
-- (the classic benchmark: idle, worker, two handler and two device tasks
-- exchanging packets through linked-list queues).
-- Measures: method dispatch through metatables, field access, linked lists,
-- branchy control flow. The state bit flags and the idle task's shift/xor are
-- written with arithmetic so the program runs on every Lua 5.x and LuaJIT.
-- Size: number of scheduler runs (each runs the standard count of 1000).
-- Quick: 2  (small size for smoke tests; the default below is the benchmark size)
-- Check: every run must end with queue count 2322 and hold count 928.
local n = tonumber(arg and arg[1]) or 500

local floor = math.floor
local COUNT = 1000
local EXPECTED_QUEUE_COUNT, EXPECTED_HOLD_COUNT = 2322, 928

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- Packet ---------------------------------------------------------------------
local Packet = {}
Packet.__index = Packet

function Packet.new(link, id, kind)
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = { 0, 0, 0, 0 } }, Packet)
end

function Packet:add_to(queue)
  self.link = nil
  if queue == nil then return self end
  local next = queue
  local peek = next.link
  while peek ~= nil do
    next = peek
    peek = next.link
  end
  next.link = self
  return queue
end

-- Task control block: the state bits (runnable=1, suspended=2, held=4) are booleans.
local Tcb = {}
Tcb.__index = Tcb

function Tcb.new(link, id, priority, queue, task)
  local t = setmetatable({ link = link, id = id, priority = priority, queue = queue, task = task,
    runnable = queue ~= nil, suspended = true, held = false }, Tcb)
  return t
end

function Tcb:set_running() self.runnable = false; self.suspended = false; self.held = false end
function Tcb:mark_as_not_held() self.held = false end
function Tcb:mark_as_held() self.held = true end
function Tcb:mark_as_suspended() self.suspended = true end
function Tcb:mark_as_runnable() self.runnable = true end

function Tcb:is_held_or_suspended()
  return self.held or (self.suspended and not self.runnable)
end

function Tcb:run()
  local packet
  if self.suspended and self.runnable and not self.held then -- SUSPENDED_RUNNABLE
    packet = self.queue
    self.queue = packet.link
    if self.queue == nil then self:set_running()
    else self.runnable = true; self.suspended = false; self.held = false end
  end
  return self.task:run(packet)
end

function Tcb:check_priority_add(task, packet)
  if self.queue == nil then
    self.queue = packet
    self:mark_as_runnable()
    if self.priority > task.priority then return self end
  else
    self.queue = packet:add_to(self.queue)
  end
  return task
end

-- Scheduler --------------------------------------------------------------------
local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new()
  return setmetatable({ queue_count = 0, hold_count = 0, blocks = {}, list = nil,
    current_tcb = nil, current_id = nil }, Scheduler)
end

function Scheduler:add_task(id, priority, queue, task)
  self.current_tcb = Tcb.new(self.list, id, priority, queue, task)
  self.list = self.current_tcb
  self.blocks[id] = self.current_tcb
end

function Scheduler:add_running_task(id, priority, queue, task)
  self:add_task(id, priority, queue, task)
  self.current_tcb:set_running()
end

function Scheduler:schedule()
  self.current_tcb = self.list
  while self.current_tcb ~= nil do
    local tcb = self.current_tcb
    if tcb:is_held_or_suspended() then
      self.current_tcb = tcb.link
    else
      self.current_id = tcb.id
      self.current_tcb = tcb:run()
    end
  end
end

function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return tcb end
  tcb:mark_as_not_held()
  if tcb.priority > self.current_tcb.priority then return tcb end
  return self.current_tcb
end

function Scheduler:hold_current()
  self.hold_count = self.hold_count + 1
  self.current_tcb:mark_as_held()
  return self.current_tcb.link
end

function Scheduler:suspend_current()
  self.current_tcb:mark_as_suspended()
  return self.current_tcb
end

function Scheduler:queue(packet)
  local t = self.blocks[packet.id]
  if t == nil then return t end
  self.queue_count = self.queue_count + 1
  packet.link = nil
  packet.id = self.current_id
  return t:check_priority_add(self.current_tcb, packet)
end

-- Tasks ------------------------------------------------------------------------
-- (v1 >> 1) ~ 0xD008 for 0 <= v1 < 2^16, with arithmetic only.
local function shift_xor_d008(v1)
  local v = floor(v1 / 2)
  local r = v
  -- 0xD008 = bits 3, 12, 14, 15
  if floor(v / 8) % 2 == 1 then r = r - 8 else r = r + 8 end
  if floor(v / 4096) % 2 == 1 then r = r - 4096 else r = r + 4096 end
  if floor(v / 16384) % 2 == 1 then r = r - 16384 else r = r + 16384 end
  if floor(v / 32768) % 2 == 1 then r = r - 32768 else r = r + 32768 end
  return r
end

local IdleTask = {}
IdleTask.__index = IdleTask
function IdleTask.new(scheduler, v1, count)
  return setmetatable({ scheduler = scheduler, v1 = v1, count = count }, IdleTask)
end
function IdleTask:run(_)
  self.count = self.count - 1
  if self.count == 0 then return self.scheduler:hold_current() end
  if self.v1 % 2 == 0 then
    self.v1 = floor(self.v1 / 2)
    return self.scheduler:release(ID_DEVICE_A)
  else
    self.v1 = shift_xor_d008(self.v1)
    return self.scheduler:release(ID_DEVICE_B)
  end
end

local DeviceTask = {}
DeviceTask.__index = DeviceTask
function DeviceTask.new(scheduler) return setmetatable({ scheduler = scheduler, v1 = nil }, DeviceTask) end
function DeviceTask:run(packet)
  if packet == nil then
    if self.v1 == nil then return self.scheduler:suspend_current() end
    local v = self.v1
    self.v1 = nil
    return self.scheduler:queue(v)
  end
  self.v1 = packet
  return self.scheduler:hold_current()
end

local WorkerTask = {}
WorkerTask.__index = WorkerTask
function WorkerTask.new(scheduler, v1, v2)
  return setmetatable({ scheduler = scheduler, v1 = v1, v2 = v2 }, WorkerTask)
end
function WorkerTask:run(packet)
  if packet == nil then return self.scheduler:suspend_current() end
  if self.v1 == ID_HANDLER_A then self.v1 = ID_HANDLER_B else self.v1 = ID_HANDLER_A end
  packet.id = self.v1
  packet.a1 = 0
  local a2 = packet.a2
  for i = 1, DATA_SIZE do
    self.v2 = self.v2 + 1
    if self.v2 > 26 then self.v2 = 1 end
    a2[i] = self.v2
  end
  return self.scheduler:queue(packet)
end

local HandlerTask = {}
HandlerTask.__index = HandlerTask
function HandlerTask.new(scheduler) return setmetatable({ scheduler = scheduler, v1 = nil, v2 = nil }, HandlerTask) end
function HandlerTask:run(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then self.v1 = packet:add_to(self.v1)
    else self.v2 = packet:add_to(self.v2) end
  end
  if self.v1 ~= nil then
    local count = self.v1.a1
    if count < DATA_SIZE then
      if self.v2 ~= nil then
        local v = self.v2
        self.v2 = self.v2.link
        v.a1 = self.v1.a2[count + 1]
        self.v1.a1 = count + 1
        return self.scheduler:queue(v)
      end
    else
      local v = self.v1
      self.v1 = self.v1.link
      return self.scheduler:queue(v)
    end
  end
  return self.scheduler:suspend_current()
end

-- Driver -----------------------------------------------------------------------
local function run_richards()
  local s = Scheduler.new()
  s:add_running_task(ID_IDLE, 0, nil, IdleTask.new(s, 1, COUNT))

  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  s:add_task(ID_WORKER, 1000, queue, WorkerTask.new(s, ID_HANDLER_A, 0))

  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  s:add_task(ID_HANDLER_A, 2000, queue, HandlerTask.new(s))

  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  s:add_task(ID_HANDLER_B, 3000, queue, HandlerTask.new(s))

  s:add_task(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s:add_task(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))

  s:schedule()
  if s.queue_count ~= EXPECTED_QUEUE_COUNT or s.hold_count ~= EXPECTED_HOLD_COUNT then
    error(string.format("richards: queue count %d, hold count %d (expected %d, %d)",
      s.queue_count, s.hold_count, EXPECTED_QUEUE_COUNT, EXPECTED_HOLD_COUNT))
  end
end

for _ = 1, n do run_richards() end
print(string.format("ok richards n=%d queue=%d hold=%d", n, EXPECTED_QUEUE_COUNT, EXPECTED_HOLD_COUNT))
