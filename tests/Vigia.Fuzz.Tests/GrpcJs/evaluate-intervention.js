// Calls StatisticsService/EvaluateIntervention with grpc-js, a client outside .NET, and prints what it received
// as one JSON line: the status code, the message, and the size of the rich error details.
// Usage: node evaluate-intervention.js <host:port> <bearer token> <protos dir> <google protos dir> <request JSON>
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [address, token, protos, googleProtos, requestJson] = process.argv.slice(2);
const definition = protoLoader.loadSync('vigia/statistics/v1/statistics.proto', {
  includeDirs: [protos, googleProtos],
  keepCase: true,
  enums: String,
  longs: String,
});
const { StatisticsService } = grpc.loadPackageDefinition(definition).vigia.statistics.v1;
const client = new StatisticsService(address, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.add('authorization', `Bearer ${token}`);

client.EvaluateIntervention(JSON.parse(requestJson), metadata, { deadline: Date.now() + 30000 }, (error, response) => {
  const details = error?.metadata?.get('grpc-status-details-bin') ?? [];
  console.log(JSON.stringify({
    code: error ? error.code : 0,
    message: error ? error.details : '',
    detailsBytes: details.reduce((sum, d) => sum + d.length, 0),
    answered: response !== undefined || error !== undefined,
  }));
  client.close();
});
