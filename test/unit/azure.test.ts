import * as assert from 'node:assert/strict';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('azure pack', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('asks before printing secrets, keys and tokens', () => {
    expect('az keyvault secret show --vault-name kv --name db-password', 'high', 'azure.secret.read');
    expect('az keyvault secret download --vault-name kv --name cert --file c.pem', 'high', 'azure.secret.read');
    expect('az keyvault key download --vault-name kv -n k -f k.pem', 'high', 'azure.secret.read');
    expect('az account get-access-token', 'high', 'azure.secret.read');
    expect('az storage account keys list -n acct', 'high', 'azure.secret.read');
    expect('az storage account show-connection-string -n acct -g rg', 'high', 'azure.secret.read');
    expect('az cosmosdb keys list -n db -g rg', 'high', 'azure.secret.read');
    expect('az webapp deployment list-publishing-profiles -n app -g rg', 'high', 'azure.secret.read');
    expect('az acr credential show -n registry', 'high', 'azure.secret.read');
    expect('az aks get-credentials -g rg -n main --admin', 'high', 'azure.secret.read');
    expect('az rest --method post --url https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/listKeys?api-version=2023-01-01', 'high', 'azure.secret.read');
  });

  it('makes deleting groups, clusters, databases, vaults and containers critical', () => {
    expect('az group delete --name rg1 --yes', 'critical', 'azure.destroy');
    expect('az aks delete -g rg -n main', 'critical', 'azure.destroy');
    expect('az sql server delete -g rg -n sql1', 'critical', 'azure.destroy');
    expect('az sql db delete -g rg -s sql1 -n app', 'critical', 'azure.destroy');
    expect('az cosmosdb delete -g rg -n cosmos', 'critical', 'azure.destroy');
    expect('az storage account delete -n acct', 'critical', 'azure.destroy');
    expect('az keyvault delete --name kv', 'critical', 'azure.destroy');
    expect('az keyvault purge --name kv', 'critical', 'azure.destroy');
    expect('az postgres flexible-server delete -g rg -n pg', 'critical', 'azure.destroy');
    expect('az mysql flexible-server delete -g rg -n my', 'critical', 'azure.destroy');
    expect('az redis delete -g rg -n cache', 'critical', 'azure.destroy');
    expect('az storage container delete -n data --account-name acct', 'critical', 'azure.destroy');
    expect("az storage blob delete-batch -s data --pattern '*.log'", 'critical', 'azure.destroy');
  });

  it('asks before other deletes and mutations', () => {
    expect('az vm delete -g rg -n vm1 --yes', 'high', 'azure.delete');
    expect('az storage blob delete -c data -n file.txt', 'high', 'azure.delete');
    expect('az acr repository delete --name registry --image app:old', 'high', 'azure.delete');
    expect('az rest --method delete --url https://management.azure.com/x', 'high', 'azure.delete');
    expect('az vm create -g rg -n vm1 --image Ubuntu2204', 'high', 'azure.write');
    expect('az deployment group create -g rg -f main.bicep', 'high', 'azure.write');
    expect('az role assignment create --assignee x --role Owner --scope /subscriptions/s', 'high', 'azure.write');
    expect('az webapp restart -g rg -n app', 'high', 'azure.write');
    expect('az vm deallocate -g rg -n vm1', 'high', 'azure.write');
    expect('az aks scale -g rg -n main --node-count 0', 'high', 'azure.write');
    expect('az keyvault secret set --vault-name kv --name x --value y', 'high', 'azure.write');
    expect('az storage blob upload -c data -n f -f ./f', 'high', 'azure.write');
    expect('az acr repository untag --name registry --image app:tag', 'high', 'azure.write');
  });

  it('keeps kubeconfig, login, downloads and shells low', () => {
    expect('az aks get-credentials -g rg -n main', 'low', 'azure.kubeconfig');
    expect('az login', 'low', 'azure.local');
    expect('az account set --subscription dev', 'low', 'azure.local');
    expect('az extension add --name aks-preview', 'low', 'azure.local');
    expect('az storage blob download -c data -n f -f ./f', 'low', 'azure.download');
    expect('az ssh vm -g rg -n vm1', 'low', 'azure.ssh');
  });

  it('treats what-if and help as no change', () => {
    for (const line of ['az deployment group create -g rg -f main.bicep --what-if', 'az deployment group what-if -g rg -f main.bicep', 'az group delete --help', 'az vm delete -h']) {
      expectAllowed(line);
    }
  });

  it('lets everyday read-only commands through', () => {
    for (const line of [
      'az vm list', 'az vm list -o table', 'az account show', 'az account list', 'az version', 'az find "delete vm"', 'az group list', 'az aks list',
      'az aks show -g rg -n main', 'az keyvault secret list --vault-name kv', 'az storage account list', 'az storage account show -n acct', 'az storage blob list -c data',
      'az storage container exists -n data', 'az webapp log tail -g rg -n app', 'az monitor activity-log list', 'az rest --url https://management.azure.com/x',
      'az deployment group list -g rg', 'az bicep build -f main.bicep', 'az --output json vm show -g rg -n vm1',
    ]) {
      expectAllowed(line);
    }
  });

  it('finds az commands inside wrappers', () => {
    expect("bash -c 'az group delete -n rg1 --yes'", 'critical', 'azure.destroy');
  });

  it('escalates a high change on a production group or subscription', () => {
    const group = expectLevel('az vm delete -g prod-rg -n vm1', 'critical', 'azure.delete');
    assert.equal(group.target?.name, 'prod-rg');
    expectLevel('az --subscription production vm stop -g app -n vm1', 'critical', 'azure.write');
    expectLevel('az vm delete -g dev-rg -n vm1', 'high', 'azure.delete');
  });

});
