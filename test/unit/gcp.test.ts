import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('gcp pack', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('asks before printing secrets and tokens', () => {
    expect('gcloud secrets versions access latest --secret=db-password', 'high', 'gcp.secret.read');
    expect('gcloud auth print-access-token', 'high', 'gcp.secret.read');
    expect('gcloud auth print-identity-token --audiences=https://x', 'high', 'gcp.secret.read');
    expect('gcloud auth application-default print-access-token', 'high', 'gcp.secret.read');
    expect('gcloud beta secrets versions access 3 --secret=api-key', 'high', 'gcp.secret.read');
    expect('gcloud iam service-accounts keys create key.json --iam-account ci@p.iam.gserviceaccount.com', 'high', 'gcp.secret.read');
  });

  it('makes deleting projects, clusters, instances and buckets critical', () => {
    expect('gcloud projects delete my-project', 'critical', 'gcp.destroy');
    expect('gcloud container clusters delete main --zone europe-west1-b --quiet', 'critical', 'gcp.destroy');
    expect('gcloud sql instances delete app-db', 'critical', 'gcp.destroy');
    expect('gcloud spanner instances delete spanner-1', 'critical', 'gcp.destroy');
    expect('gcloud bigtable instances delete bt', 'critical', 'gcp.destroy');
    expect('gcloud firestore databases delete --database=orders', 'critical', 'gcp.destroy');
    expect('gcloud redis instances delete cache --region=us-central1', 'critical', 'gcp.destroy');
    expect('gcloud filestore instances delete nfs --zone=us-central1-a', 'critical', 'gcp.destroy');
    expect('gcloud storage buckets delete gs://assets', 'critical', 'gcp.destroy');
    expect('gcloud storage rm --recursive gs://assets', 'critical', 'gcp.destroy');
    expect('gsutil -m rm -r gs://assets', 'critical', 'gcp.destroy');
    expect('gsutil rm -a gs://assets/file', 'critical', 'gcp.destroy');
    expect('gsutil rb gs://assets', 'critical', 'gcp.destroy');
    expect('bq rm -r -f analytics', 'critical', 'gcp.destroy');
  });

  it('asks before other deletes and mutations', () => {
    expect('gcloud compute instances delete vm-1 --zone us-central1-a', 'high', 'gcp.delete');
    expect('gcloud artifacts repositories delete images --location=us', 'high', 'gcp.delete');
    expect('gcloud run deploy web --image gcr.io/p/web', 'high', 'gcp.write');
    expect('gcloud app deploy', 'high', 'gcp.write');
    expect('gcloud projects add-iam-policy-binding p --member user:x@y.z --role roles/owner', 'high', 'gcp.write');
    expect('gcloud compute instances stop vm-1', 'high', 'gcp.write');
    expect('gcloud container clusters resize main --num-nodes 0', 'high', 'gcp.write');
    expect('gcloud sql instances patch app-db --tier db-custom-2-7680', 'high', 'gcp.write');
    expect('gcloud services enable run.googleapis.com', 'high', 'gcp.write');
    expect('gcloud deploy releases promote --release r1 --delivery-pipeline p', 'high', 'gcp.write');
    expect('gsutil iam ch allUsers:objectViewer gs://assets', 'high', 'gcp.write');
    expect('gsutil mb gs://new-bucket', 'high', 'gcp.write');
  });

  it('reads storage copies by direction', () => {
    expect('gsutil rm gs://assets/old.txt', 'high', 'gcp.storage.delete');
    expect('gsutil rsync -r -d ./dist gs://site', 'high', 'gcp.storage.delete');
    expect('gsutil mv gs://site/a gs://site/b', 'high', 'gcp.storage.delete');
    expect('gcloud storage rm gs://assets/old.txt', 'high', 'gcp.storage.delete');
    expect('gsutil cp ./dist/index.html gs://site/', 'high', 'gcp.storage.upload');
    expect('gcloud storage cp -r ./dist gs://site', 'high', 'gcp.storage.upload');
    expect('gsutil cp gs://data/report.csv .', 'low', 'gcp.storage.download');
    expect('gcloud storage cp gs://bucket/file ./local', 'low', 'gcp.storage.download');
  });

  it('classifies bq by what the statement or command does', () => {
    expect('bq query --nouse_legacy_sql "DELETE FROM ds.events WHERE day < \'2020-01-01\'"', 'high', 'gcp.bq.write');
    expect("bq query --use_legacy_sql=false 'TRUNCATE TABLE ds.events'", 'high', 'gcp.bq.write');
    expect("bq query --destination_table ds.copy 'SELECT * FROM ds.events'", 'high', 'gcp.bq.write');
    expect("bq query --nouse_legacy_sql <<'SQL'\nDROP TABLE ds.events\nSQL", 'high', 'gcp.bq.write');
    expect('bq load --source_format=CSV ds.t gs://b/x.csv', 'high', 'gcp.bq.write');
    expect('bq rm -f ds.events', 'high', 'gcp.bq.delete');
    expect('bq rm -t ds.events', 'high', 'gcp.bq.delete');
    expectAllowed("bq query --use_legacy_sql=false 'SELECT count(*) FROM ds.events WHERE deleted_at IS NULL'");
  });

  it('keeps local configuration and shells low', () => {
    expect('gcloud config set project my-project', 'low', 'gcp.local');
    expect('gcloud container clusters get-credentials main --zone z', 'low', 'gcp.local');
    expect('gcloud auth login', 'low', 'gcp.local');
    expect('gcloud compute ssh vm-1 --zone z', 'low', 'gcp.ssh');
    expect('gcloud compute scp ./f vm-1:~', 'low', 'gcp.ssh');
  });

  it('treats dry runs, validations and help as no change', () => {
    for (const line of [
      'gcloud compute instances create vm --dry-run', 'gcloud projects delete p --help', 'gsutil rsync -n -d ./dist gs://site', "bq query --dry_run 'DELETE FROM ds.t WHERE true'",
      'gcloud sql instances patch db --tier x --validate-only',
    ]) {
      expectAllowed(line);
    }
  });

  it('lets everyday read-only commands through', () => {
    for (const line of [
      'gcloud compute instances list', 'gcloud --project dev compute instances describe vm --zone z', 'gcloud config list', 'gcloud config get-value project',
      'gcloud auth list', 'gcloud projects list', 'gcloud projects get-iam-policy p', 'gcloud secrets list', 'gcloud secrets versions list db', 'gcloud run services list',
      'gcloud deploy delivery-pipelines list', 'gcloud logging read "severity>=ERROR" --limit 10', 'gcloud app logs tail', 'gcloud functions logs read f',
      'gcloud container clusters describe main', 'gcloud version', 'gcloud info', 'gcloud help', 'gcloud storage ls gs://b', 'gcloud storage buckets describe gs://bucket',
      'gsutil ls gs://b', 'gsutil -m ls gs://b', 'gsutil cat gs://b/f', 'gsutil du -s gs://b', 'gsutil stat gs://b/f', 'gsutil iam get gs://b', 'gsutil version',
      'bq ls', 'bq show ds.t', 'bq head -n 10 ds.t', 'gcloud beta emulators firestore start',
    ]) {
      expectAllowed(line);
    }
  });

  it('finds gcloud commands inside wrappers', () => {
    expect("bash -c 'gcloud projects delete old-project --quiet'", 'critical', 'gcp.destroy');
  });

  it('escalates a high change on a production project', () => {
    const flag = expectLevel('gcloud --project prod-app compute instances delete vm-1', 'critical', 'gcp.delete');
    assert.equal(flag.target?.name, 'prod-app');
    expectLevel('gcloud run deploy web --image x --project=shop-prod', 'critical', 'gcp.write');
    expectLevel('CLOUDSDK_CORE_PROJECT=prod-data gsutil rm gs://b/x', 'critical', 'gcp.storage.delete');
    const reader = memoryReader({ '/home/dev/.config/gcloud/active_config': 'default\n', '/home/dev/.config/gcloud/configurations/config_default': '[core]\nproject = prod-main\n' });
    expectLevel('bq rm -f ds.events', 'critical', 'gcp.bq.delete', { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader });
    expectLevel('gcloud --project dev-app compute instances delete vm-1', 'high', 'gcp.delete');
  });

});
