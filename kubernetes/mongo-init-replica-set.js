// Initiates the replica set rs0 with the member MONGO_SEED the first time, then waits until the set has a
// primary. Run by the mongo-init Job (Kubernetes) and the mongo-init service (compose); running it again on
// an initiated set changes nothing, so it is safe at every deploy.
const seed = process.env.MONGO_SEED;
try {
  const name = rs.status().set;
  if (name !== "rs0") {
    // The services connect with replicaSet=rs0 and would never find this set.
    print(`this server already belongs to the replica set "${name}", not rs0`);
    quit(1);
  }
  print("rs0 is already initiated");
} catch (error) {
  if (error.codeName !== "NotYetInitialized") {
    throw error;
  }
  rs.initiate({ _id: "rs0", members: [{ _id: 0, host: seed }] });
  print(`rs0 initiated with ${seed}`);
}
let primary;
for (let waited = 0; waited < 120 && !primary; waited++) {
  primary = rs.status().members.find((member) => member.stateStr === "PRIMARY");
  if (!primary) {
    sleep(1000);
  }
}
if (!primary) {
  print("rs0 has no primary after two minutes");
  quit(1);
}
print(`rs0 primary: ${primary.name}`);
